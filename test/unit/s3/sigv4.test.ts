import { authorize } from '../../../embedded/s3/sigv4';
import { decodeBody } from '../../../embedded/s3/request-body';

// The worked examples of the AWS documentation (sig-v4-header-based-auth.html, sigv4-streaming.html).
const EXAMPLE_CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const AT = Date.UTC(2013, 4, 24);

describe('SigV4 against the AWS documentation examples', () => {
  it('accepts the GET Object example with a Range header', () => {
    const headers = {
      host: 'examplebucket.s3.amazonaws.com',
      range: 'bytes=0-9',
      'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      'x-amz-date': '20130524T000000Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    };
    expect(authorize({ method: 'GET', rawPath: '/test.txt', rawQuery: '', headers }, EXAMPLE_CREDENTIALS, 'us-east-1', AT).accessKeyId).toBe('AKIAIOSFODNN7EXAMPLE');
    expect(() => authorize({ method: 'GET', rawPath: '/test.txt', rawQuery: '', headers: { ...headers, range: 'bytes=0-99' } }, EXAMPLE_CREDENTIALS, 'us-east-1', AT)).toThrow(
      expect.objectContaining({ code: 'SignatureDoesNotMatch', status: 403 }),
    );
    expect(() => authorize({ method: 'GET', rawPath: '/test.txt', rawQuery: '', headers }, EXAMPLE_CREDENTIALS, 'us-east-1', AT + 16 * 60_000)).toThrow(
      expect.objectContaining({ code: 'RequestTimeTooSkewed' }),
    );
    expect(() => authorize({ method: 'GET', rawPath: '/test.txt', rawQuery: '', headers }, EXAMPLE_CREDENTIALS, 'eu-west-1', AT)).toThrow(
      expect.objectContaining({ code: 'AuthorizationHeaderMalformed' }),
    );
  });

  describe('the signed aws-chunked upload example (STREAMING-AWS4-HMAC-SHA256-PAYLOAD, as Java SDKs and the S3 sink send)', () => {
    const data = Buffer.alloc(66_560, 'a');
    const headers = {
      host: 's3.amazonaws.com',
      'x-amz-date': '20130524T000000Z',
      'x-amz-storage-class': 'REDUCED_REDUNDANCY',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
      'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      'content-encoding': 'aws-chunked',
      'x-amz-decoded-content-length': '66560',
      'content-length': '66824',
    };
    const chunk = (signature: string, bytes: Buffer) => Buffer.concat([Buffer.from(`${bytes.length.toString(16)};chunk-signature=${signature}\r\n`), bytes, Buffer.from('\r\n')]);
    const body = (first = data.subarray(0, 65_536)) =>
      Buffer.concat([
        chunk('ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648', first),
        chunk('0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497', data.subarray(65_536)),
        Buffer.from('0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n'),
      ]);
    const request = { method: 'PUT', rawPath: '/examplebucket/chunkObject.txt', rawQuery: '', headers };

    it('verifies the seed and every chunk signature and stores the decoded bytes', () => {
      const encoded = body();
      expect(encoded.length).toBe(66_824);
      const auth = authorize(request, EXAMPLE_CREDENTIALS, 'us-east-1', AT);
      expect(decodeBody(encoded, auth, headers).equals(data)).toBe(true);
    });

    it('refuses a chunk whose bytes were changed in transit with SignatureDoesNotMatch', () => {
      const tampered = Buffer.from(data.subarray(0, 65_536));
      tampered[10] = 0x62;
      const auth = authorize(request, EXAMPLE_CREDENTIALS, 'us-east-1', AT);
      expect(() => decodeBody(body(tampered), auth, headers)).toThrow(expect.objectContaining({ code: 'SignatureDoesNotMatch' }));
    });

    it('refuses a body shorter than x-amz-decoded-content-length with IncompleteBody', () => {
      const auth = authorize(request, EXAMPLE_CREDENTIALS, 'us-east-1', AT);
      expect(() => decodeBody(body().subarray(0, 66_000), auth, headers)).toThrow(expect.objectContaining({ code: 'IncompleteBody' }));
    });
  });
});
