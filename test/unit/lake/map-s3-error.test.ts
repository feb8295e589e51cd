import { mapS3Error } from '../../../src/adapters/s3/map-error';

const sdkError = (name: string, status?: number, extra: Record<string, unknown> = {}) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status }, ...extra });

describe('S3 errors → public codes', () => {
  it.each([
    ['NoSuchBucket', 404, { bucket: 'b' }, 'NOT_FOUND', 'bucket', false],
    ['NoSuchKey', 404, { bucket: 'b', key: 'k' }, 'NOT_FOUND', 'key', false],
    ['NotFound', 404, { bucket: 'b', key: 'k' }, 'NOT_FOUND', 'key', false],
    ['SignatureDoesNotMatch', 403, { bucket: 'b' }, 'UPSTREAM_REJECTED', undefined, false],
    ['InvalidAccessKeyId', 403, { bucket: 'b' }, 'UPSTREAM_REJECTED', undefined, false],
    ['SlowDown', 503, { bucket: 'b' }, 'UPSTREAM_UNAVAILABLE', undefined, true],
    ['InternalError', 500, { bucket: 'b' }, 'UPSTREAM_UNAVAILABLE', undefined, true],
    ['InvalidArgument', 400, { bucket: 'b' }, 'UPSTREAM_REJECTED', undefined, false],
  ])('%s (HTTP %s) is %s', (name, status, what, code, field, retriable) => {
    const error = mapS3Error(sdkError(name, status), what);
    expect(error).toMatchObject({ code, retriable });
    expect(error.details?.field).toBe(field);
  });

  it('maps a refused connection (no HTTP status) to UPSTREAM_UNAVAILABLE, retriable', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(mapS3Error(refused, { bucket: 'b' })).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retriable: true, message: 'S3 unavailable (ECONNREFUSED)' });
  });
});
