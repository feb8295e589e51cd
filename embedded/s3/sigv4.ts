import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { errors } from './s3-error';

/**
 * AWS Signature Version 4 as S3 checks it: header auth (`Authorization: AWS4-HMAC-SHA256 …`) and presigned query auth
 * (`X-Amz-Signature=…`). Built from the AWS documentation (sig-v4-header-based-auth, sigv4-query-string-auth).
 */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const STREAMING_SIGNED = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
export const STREAMING_SIGNED_TRAILER = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
export const STREAMING_UNSIGNED_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
const STREAMING_MODES = [STREAMING_SIGNED, STREAMING_SIGNED_TRAILER, STREAMING_UNSIGNED_TRAILER];

/** Requests more than 15 minutes off the server clock are refused (RequestTimeTooSkewed). */
const MAX_SKEW_MS = 15 * 60_000;
const MAX_PRESIGN_EXPIRES_S = 604_800;

export interface SignedRequest {
  method: string;
  /** the path as sent, still percent-encoded */
  rawPath: string;
  /** the query string as sent, without '?' */
  rawQuery: string;
  headers: IncomingHttpHeaders;
}

/** What the body reader needs to check a signed body: the payload mode and, for signed chunks, the chain's seed. */
export interface Authorized {
  accessKeyId: string;
  /** hex sha256 of the body, or one of the UNSIGNED/STREAMING modes */
  payloadHash: string;
  chunkSigning?: { seedSignature: string; signingKey: Buffer; amzDate: string; scope: string };
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function signingKey(secret: string, date: string, region: string, service = 's3'): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

/** RFC 3986 encoding as SigV4 wants it: unreserved kept, everything else %XX uppercase; '/' kept only in paths. */
export function uriEncode(text: string, keepSlash: boolean): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-._~]/.test(c) || (keepSlash && c === '/')) out += c;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Query pairs decoded, as the signer saw them before encoding. */
export function queryPairs(rawQuery: string): Array<[string, string]> {
  if (!rawQuery) return [];
  return rawQuery.split('&').filter(Boolean).map((part) => {
    const eq = part.indexOf('=');
    return eq < 0 ? [decode(part), ''] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))];
  });
}

function canonicalQuery(pairs: Array<[string, string]>): string {
  return pairs
    .map(([k, v]) => [uriEncode(k, false), uriEncode(v, false)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value.join(',') : value).trim().replace(/\s+/g, ' ');
}

function canonicalRequest(request: SignedRequest, pairs: Array<[string, string]>, signedHeaders: string[], payloadHash: string): string {
  // S3 signs the path encoded once, without normalisation: decode what came in, encode it the SigV4 way.
  const uri = uriEncode(decode(request.rawPath), true);
  const headers = signedHeaders.map((name) => `${name}:${headerValue(request.headers, name) ?? ''}\n`).join('');
  return [request.method, uri, canonicalQuery(pairs), headers, signedHeaders.join(';'), payloadHash].join('\n');
}

function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** `20240101T000000Z` → epoch ms, or NaN. */
function parseAmzDate(amzDate: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : NaN;
}

interface Parsed {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
}

function parseCredential(credential: string, malformed: (m: string) => Error): Pick<Parsed, 'accessKeyId' | 'date' | 'region' | 'service'> {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') throw malformed(`The authorization header is malformed; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`);
  return { accessKeyId: parts[0]!, date: parts[1]!, region: parts[2]!, service: parts[3]! };
}

function parseHeaderAuth(authorization: string, headers: IncomingHttpHeaders): Parsed {
  const malformed = (m: string) => errors.authorizationHeaderMalformed(m);
  if (!authorization.startsWith('AWS4-HMAC-SHA256 ')) {
    if (authorization.startsWith('AWS ')) throw errors.invalidRequest('The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.');
    throw malformed('The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.');
  }
  const fields = new Map(
    authorization
      .slice('AWS4-HMAC-SHA256 '.length)
      .split(',')
      .map((p) => p.trim())
      .map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)] as const),
  );
  const credential = fields.get('Credential');
  const signed = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signed || !signature) {
    throw malformed('The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.');
  }
  const amzDate = headerValue(headers, 'x-amz-date');
  if (!amzDate) throw errors.accessDenied('AWS authentication requires a valid Date or x-amz-date header');
  return { ...parseCredential(credential, malformed), signedHeaders: signed.split(';'), signature, amzDate };
}

function parseQueryAuth(query: Map<string, string>): Parsed & { expires: number } {
  const malformed = (m: string) => errors.authorizationQueryParametersError(m);
  if (query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') throw malformed('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  const credential = query.get('X-Amz-Credential');
  const amzDate = query.get('X-Amz-Date');
  const expires = Number(query.get('X-Amz-Expires'));
  const signed = query.get('X-Amz-SignedHeaders');
  const signature = query.get('X-Amz-Signature');
  if (!credential || !amzDate || !signed || !signature || !query.has('X-Amz-Expires')) {
    throw malformed('Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.');
  }
  if (!Number.isInteger(expires) || expires < 1) throw malformed('X-Amz-Expires should be a number');
  if (expires > MAX_PRESIGN_EXPIRES_S) throw malformed('X-Amz-Expires must be less than a week (in seconds) that is 604800');
  return { ...parseCredential(credential, malformed), signedHeaders: signed.split(';'), signature, amzDate, expires };
}

/**
 * Checks a request's signature against the configured credentials; throws the S3Error S3 would answer with.
 * Returns the payload mode so the body reader can verify the body (sha256, chunk signatures, trailers).
 */
export function authorize(request: SignedRequest, credentials: Credentials, region: string, now = Date.now()): Authorized {
  const pairs = queryPairs(request.rawQuery);
  const query = new Map(pairs);
  const authorization = headerValue(request.headers, 'authorization');
  const presigned = query.has('X-Amz-Signature') || query.has('X-Amz-Credential');
  if (!authorization && !presigned) throw errors.accessDenied();
  if (authorization && presigned) throw errors.invalidArgument('Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified', 'Authorization', authorization);

  const parsed = presigned ? parseQueryAuth(query) : parseHeaderAuth(authorization!, request.headers);
  if (parsed.accessKeyId !== credentials.accessKeyId) throw errors.invalidAccessKeyId(parsed.accessKeyId);
  if (parsed.service !== 's3') {
    throw errors.authorizationHeaderMalformed(`The authorization header is malformed; incorrect service "${parsed.service}". This endpoint belongs to "s3".`);
  }
  if (parsed.region !== region) {
    throw errors.authorizationHeaderMalformed(`The authorization header is malformed; the region '${parsed.region}' is wrong; expecting '${region}'`);
  }
  const signedAt = parseAmzDate(parsed.amzDate);
  if (Number.isNaN(signedAt) || parsed.amzDate.slice(0, 8) !== parsed.date) {
    throw errors.authorizationHeaderMalformed('The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.');
  }
  if (!parsed.signedHeaders.includes('host')) throw errors.accessDenied('There were headers present in the request which were not signed: host');
  if (presigned) {
    const { expires } = parsed as Parsed & { expires: number };
    if (signedAt > now + MAX_SKEW_MS) throw errors.accessDenied('Request is not valid yet');
    if (now > signedAt + expires * 1000) throw errors.accessDenied('Request has expired');
  } else if (Math.abs(now - signedAt) > MAX_SKEW_MS) {
    throw errors.requestTimeTooSkewed(parsed.amzDate);
  }

  const payloadHash = presigned
    ? (query.get('X-Amz-Content-Sha256') ?? headerValue(request.headers, 'x-amz-content-sha256') ?? UNSIGNED_PAYLOAD)
    : headerValue(request.headers, 'x-amz-content-sha256');
  if (!payloadHash) throw errors.invalidRequest('Missing required header for this request: x-amz-content-sha256');
  if (!/^[0-9a-f]{64}$/.test(payloadHash) && payloadHash !== UNSIGNED_PAYLOAD && !STREAMING_MODES.includes(payloadHash)) {
    throw errors.invalidArgument('x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-*, or a valid sha256 value.', 'x-amz-content-sha256', payloadHash);
  }

  const signedPairs = presigned ? pairs.filter(([k]) => k !== 'X-Amz-Signature') : pairs;
  const canonical = canonicalRequest(request, signedPairs, parsed.signedHeaders, payloadHash);
  const scope = `${parsed.date}/${parsed.region}/s3/aws4_request`;
  const toSign = stringToSign(parsed.amzDate, scope, canonical);
  const key = signingKey(credentials.secretAccessKey, parsed.date, parsed.region);
  const expected = createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  if (!sameHex(expected, parsed.signature)) {
    throw errors.signatureDoesNotMatch({ AWSAccessKeyId: parsed.accessKeyId, StringToSign: toSign, SignatureProvided: parsed.signature, CanonicalRequest: canonical });
  }
  const chunkSigning =
    payloadHash === STREAMING_SIGNED || payloadHash === STREAMING_SIGNED_TRAILER
      ? { seedSignature: parsed.signature, signingKey: key, amzDate: parsed.amzDate, scope }
      : undefined;
  return { accessKeyId: parsed.accessKeyId, payloadHash, chunkSigning };
}

export function isStreaming(payloadHash: string): boolean {
  return STREAMING_MODES.includes(payloadHash);
}
