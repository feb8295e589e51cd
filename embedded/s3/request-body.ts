import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { crc32 } from 'node:zlib';
import { errors } from './s3-error';
import { EMPTY_SHA256, isStreaming, sha256Hex, STREAMING_SIGNED_TRAILER, type Authorized } from './sigv4';

/**
 * Turns the bytes on the wire into the object's bytes and checks every integrity claim the client made: the signed
 * sha256, aws-chunked framing (with chunk and trailer signatures when signed), x-amz-checksum-* headers or trailers,
 * Content-MD5 and x-amz-decoded-content-length. The object is the decoded payload (sigv4-streaming.html).
 */
export function decodeBody(raw: Buffer, auth: Authorized, headers: IncomingHttpHeaders): Buffer {
  let body: Buffer;
  let trailers = new Map<string, string>();
  if (isStreaming(auth.payloadHash)) {
    ({ body, trailers } = decodeAwsChunked(raw, auth));
    const declared = header(headers, 'x-amz-decoded-content-length');
    if (declared !== undefined && Number(declared) !== body.length) throw errors.incompleteBody();
  } else {
    body = raw;
    if (/^[0-9a-f]{64}$/.test(auth.payloadHash) && sha256Hex(body) !== auth.payloadHash) throw errors.contentSha256Mismatch();
  }
  const md5 = header(headers, 'content-md5');
  if (md5 !== undefined) {
    if (!/^[A-Za-z0-9+/]{22}==$/.test(md5)) throw errors.invalidDigest();
    if (createHash('md5').update(body).digest('base64') !== md5) throw errors.badDigest();
  }
  checkChecksums(body, (name) => trailers.get(name) ?? header(headers, name));
  return body;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

const CHECKSUMS: Record<string, (body: Buffer) => string> = {
  'x-amz-checksum-crc32': (body) => {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(crc32(body) >>> 0);
    return out.toString('base64');
  },
  'x-amz-checksum-sha1': (body) => createHash('sha1').update(body).digest('base64'),
  'x-amz-checksum-sha256': (body) => createHash('sha256').update(body).digest('base64'),
};

/** CRC32C and CRC64NVME have no implementation in Node's standard library; they are accepted unchecked. */
function checkChecksums(body: Buffer, valueOf: (name: string) => string | undefined): void {
  for (const [name, compute] of Object.entries(CHECKSUMS)) {
    const claimed = valueOf(name);
    if (claimed !== undefined && claimed !== compute(body)) throw errors.badChecksum(name.slice('x-amz-checksum-'.length).toUpperCase());
  }
}

function hmacHex(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('hex');
}

/** `hex(size)[;chunk-signature=sig]\r\n<data>\r\n` … `0[;…]\r\n` [trailers] `\r\n`. */
function decodeAwsChunked(raw: Buffer, auth: Authorized): { body: Buffer; trailers: Map<string, string> } {
  const parts: Buffer[] = [];
  const trailers = new Map<string, string>();
  const signing = auth.chunkSigning;
  let previous = signing?.seedSignature ?? '';
  let at = 0;
  const readLine = (): string => {
    const end = raw.indexOf('\r\n', at);
    if (end < 0) throw errors.incompleteBody();
    const line = raw.subarray(at, end).toString('latin1');
    at = end + 2;
    return line;
  };
  for (;;) {
    const line = readLine();
    const [sizeHex, ...extensions] = line.split(';');
    const size = parseInt(sizeHex!, 16);
    if (!/^[0-9a-fA-F]+$/.test(sizeHex ?? '') || Number.isNaN(size)) throw errors.invalidArgument('Invalid chunk encoding: bad chunk size');
    if (at + size > raw.length) throw errors.incompleteBody();
    const data = raw.subarray(at, at + size);
    at += size;
    if (signing) {
      const signature = extensions.find((e) => e.startsWith('chunk-signature='))?.slice('chunk-signature='.length);
      const toSign = ['AWS4-HMAC-SHA256-PAYLOAD', signing.amzDate, signing.scope, previous, EMPTY_SHA256, sha256Hex(data)].join('\n');
      const expected = hmacHex(signing.signingKey, toSign);
      if (signature !== expected) throw errors.signatureDoesNotMatch({ StringToSign: toSign, SignatureProvided: signature ?? '' });
      previous = expected;
    }
    if (size === 0) break;
    parts.push(data);
    if (raw.subarray(at, at + 2).toString('latin1') !== '\r\n') throw errors.incompleteBody();
    at += 2;
  }
  // Trailer section: header lines up to an empty line (or the end of the body).
  const trailerLines: string[] = [];
  while (at < raw.length) {
    const line = readLine();
    if (line === '') break;
    trailerLines.push(line);
  }
  let trailerSignature: string | undefined;
  const signedTrailer: string[] = [];
  for (const line of trailerLines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') trailerSignature = value;
    else {
      trailers.set(name, value);
      signedTrailer.push(`${name}:${value}\n`);
    }
  }
  if (signing && auth.payloadHash === STREAMING_SIGNED_TRAILER) {
    const toSign = ['AWS4-HMAC-SHA256-TRAILER', signing.amzDate, signing.scope, previous, sha256Hex(signedTrailer.join(''))].join('\n');
    if (trailerSignature !== hmacHex(signing.signingKey, toSign)) throw errors.signatureDoesNotMatch({ StringToSign: toSign, SignatureProvided: trailerSignature ?? '' });
  }
  return { body: Buffer.concat(parts), trailers };
}
