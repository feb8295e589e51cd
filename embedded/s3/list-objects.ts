import type { ObjectMeta } from './object-store';
import { errors } from './s3-error';

export interface ListRequest {
  prefix: string;
  delimiter: string;
  maxKeys: number;
  startAfter: string;
  continuationToken?: string;
}

export interface ListPage {
  contents: ObjectMeta[];
  commonPrefixes: string[];
  isTruncated: boolean;
  nextContinuationToken?: string;
}

/** Opaque to clients: where the last page ended and whether that was a collapsed common prefix. */
interface Token {
  after: string;
  prefix: boolean;
}

const byteCompare = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

function readToken(token: string): Token {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Token;
    if (typeof parsed.after === 'string' && typeof parsed.prefix === 'boolean') return parsed;
  } catch {
    // fall through
  }
  throw errors.invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
}

/**
 * ListObjectsV2 over keys in byte order: keys under `prefix` after the start point; with a delimiter, keys whose rest
 * contains it collapse into one common prefix each, counted once toward max-keys.
 */
export function listObjects(sorted: ObjectMeta[], request: ListRequest): ListPage {
  const token = request.continuationToken !== undefined ? readToken(request.continuationToken) : undefined;
  const contents: ObjectMeta[] = [];
  const commonPrefixes: string[] = [];
  let last: Token | undefined;
  for (const object of sorted) {
    const key = object.key;
    if (!key.startsWith(request.prefix)) continue;
    if (token) {
      if (byteCompare(key, token.after) <= 0 || (token.prefix && key.startsWith(token.after))) continue;
    } else if (request.startAfter && byteCompare(key, request.startAfter) <= 0) continue;
    let entry: Token = { after: key, prefix: false };
    if (request.delimiter) {
      const cut = key.indexOf(request.delimiter, request.prefix.length);
      if (cut >= 0) entry = { after: key.slice(0, cut + request.delimiter.length), prefix: true };
    }
    if (entry.prefix && last?.prefix && last.after === entry.after) continue;
    if (contents.length + commonPrefixes.length >= request.maxKeys) {
      return { contents, commonPrefixes, isTruncated: true, nextContinuationToken: Buffer.from(JSON.stringify(last)).toString('base64url') };
    }
    if (entry.prefix) commonPrefixes.push(entry.after);
    else contents.push(object);
    last = entry;
  }
  return { contents, commonPrefixes, isTruncated: false };
}
