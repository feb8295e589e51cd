import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmbeddedLogger } from '../logger';
import { listObjects } from './list-objects';
import type { ObjectMeta, ObjectStore, WriteOptions } from './object-store';
import { decodeBody } from './request-body';
import { errors, S3Error } from './s3-error';
import { authorize, queryPairs, type Credentials } from './sigv4';
import { elements, elementTexts, hasRoot, xmlDocument, type XmlNode } from './xml';

export interface RouteOptions {
  store: ObjectStore;
  credentials: Credentials;
  region: string;
  logger: EmbeddedLogger;
  /** single requests larger than this are refused (EntityTooLarge); bodies are buffered in memory */
  maxBodyBytes: number;
}

/** S3 formats dates in listings as ISO with milliseconds and in headers as RFC 1123. */
const httpDate = (iso: string) => new Date(iso).toUTCString();
const MAX_KEYS = 1000;

interface Request {
  method: string;
  bucket: string;
  key: string;
  query: Map<string, string>;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** The request handler of the embedded S3 endpoint: path-style addressing, SigV4 on every request, XML in and out. */
export function s3Handler(options: RouteOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    res.setHeader('x-amz-request-id', requestId);
    res.setHeader('x-amz-id-2', randomBytes(24).toString('base64'));
    res.setHeader('Server', 'pipegraph-embedded-s3');
    handle(req, res, options).catch((error: unknown) => {
      const s3 = error instanceof S3Error ? error : new S3Error(500, 'InternalError', 'We encountered an internal error. Please try again.');
      if (!(error instanceof S3Error)) options.logger.error({ err: (error as Error).message }, 's3 request failed');
      sendError(req, res, s3, requestId);
    });
  };
}

function sendError(req: IncomingMessage, res: ServerResponse, error: S3Error, requestId: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // HEAD answers carry no body; SDKs then name the error after the status (NotFound, Forbidden).
  if (req.method === 'HEAD') {
    res.writeHead(error.status).end();
    return;
  }
  const body = xmlDocument('Error', { Code: error.code, Message: error.message, ...error.details, RequestId: requestId, HostId: requestId }, false);
  res.writeHead(error.status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) }).end(body);
  // Drain what the client still sends (it may be mid-upload) so it reads the answer instead of a reset.
  req.resume();
}

function sendXml(res: ServerResponse, root: string, body: XmlNode, status = 200, headers: Record<string, string> = {}): void {
  const text = xmlDocument(root, body);
  res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(text), ...headers }).end(text);
}

async function readRaw(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) throw errors.entityTooLarge();
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > limit) throw errors.entityTooLarge();
    chunks.push(chunk as Buffer);
  }
  if (declared !== undefined && total < Number(declared)) throw errors.incompleteBody();
  return Buffer.concat(chunks);
}

function splitPath(rawPath: string): { bucket: string; key: string } {
  const path = rawPath.slice(1);
  const slash = path.indexOf('/');
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw errors.invalidArgument('Invalid URI encoding');
    }
  };
  if (slash < 0) return { bucket: decode(path), key: '' };
  return { bucket: decode(path.slice(0, slash)), key: decode(path.slice(slash + 1)) };
}

async function handle(req: IncomingMessage, res: ServerResponse, options: RouteOptions): Promise<void> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? '' : url.slice(q + 1);
  const method = req.method ?? 'GET';
  const auth = authorize({ method, rawPath, rawQuery, headers: req.headers }, options.credentials, options.region);
  const raw = await readRaw(req, options.maxBodyBytes);
  const body = method === 'PUT' || method === 'POST' ? decodeBody(raw, auth, req.headers) : raw;
  const { bucket, key } = splitPath(rawPath);
  const request: Request = { method, bucket, key, query: new Map(queryPairs(rawQuery)), headers: req.headers, body };
  if (!bucket) return serviceRoute(request, res, options);
  if (!key) return bucketRoute(request, res, options);
  return objectRoute(request, res, options);
}

async function serviceRoute(request: Request, res: ServerResponse, { store }: RouteOptions): Promise<void> {
  if (request.method !== 'GET') throw errors.methodNotAllowed();
  sendXml(res, 'ListAllMyBucketsResult', {
    Owner: { ID: 'embedded', DisplayName: 'embedded' },
    Buckets: { Bucket: store.listBuckets().map((b) => ({ Name: b.name, CreationDate: b.created })) },
  });
}

const UNSUPPORTED_SUBRESOURCES = ['acl', 'policy', 'tagging', 'versioning', 'lifecycle', 'cors', 'website', 'replication', 'encryption', 'delete', 'versions', 'object-lock', 'uploads'];

async function bucketRoute(request: Request, res: ServerResponse, { store, region }: RouteOptions): Promise<void> {
  const { method, bucket, query } = request;
  if (method === 'GET' && query.has('location')) {
    if (!store.hasBucket(bucket)) throw errors.noSuchBucket(bucket);
    sendXml(res, 'LocationConstraint', {});
    return;
  }
  if (UNSUPPORTED_SUBRESOURCES.some((s) => query.has(s))) throw errors.notImplemented();
  switch (method) {
    case 'PUT': {
      const text = request.body.toString('utf8').trim();
      if (text) {
        if (!hasRoot(text, 'CreateBucketConfiguration')) throw errors.malformedXml();
        const constraint = elementTexts(text, 'LocationConstraint')[0];
        if (constraint !== undefined && constraint !== region) {
          throw new S3Error(400, 'IllegalLocationConstraintException', `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`);
        }
      }
      await store.createBucket(bucket);
      res.writeHead(200, { Location: `/${bucket}`, 'Content-Length': 0 }).end();
      return;
    }
    case 'HEAD':
      if (!store.hasBucket(bucket)) throw errors.noSuchBucket(bucket);
      res.writeHead(200, { 'x-amz-bucket-region': region }).end();
      return;
    case 'DELETE':
      await store.deleteBucket(bucket);
      res.writeHead(204).end();
      return;
    case 'GET':
      return listRoute(request, res, store);
    default:
      throw errors.methodNotAllowed();
  }
}

function listRoute(request: Request, res: ServerResponse, store: ObjectStore): void {
  const { bucket, query } = request;
  const v2 = query.get('list-type') === '2';
  const maxKeysText = query.get('max-keys');
  const maxKeys = maxKeysText === undefined ? MAX_KEYS : Number(maxKeysText);
  if (!/^\d+$/.test(maxKeysText ?? '0')) throw errors.invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', maxKeysText);
  const encodingType = query.get('encoding-type');
  if (encodingType !== undefined && encodingType !== 'url') throw errors.invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', encodingType);
  const encode = (s: string | undefined) => (s === undefined ? undefined : encodingType === 'url' ? encodeURIComponent(s).replace(/%2F/g, '/') : s);
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const marker = v2 ? query.get('start-after') : query.get('marker');
  const token = v2 ? query.get('continuation-token') : undefined;
  const sorted = store.sortedObjects(bucket);
  const page =
    Math.min(maxKeys, MAX_KEYS) === 0
      ? { contents: [], commonPrefixes: [], isTruncated: false, nextContinuationToken: undefined }
      : listObjects(sorted, { prefix, delimiter, maxKeys: Math.min(maxKeys, MAX_KEYS), startAfter: marker ?? '', continuationToken: token });
  const contents = page.contents.map((o: ObjectMeta) => ({
    Key: encode(o.key),
    LastModified: o.lastModified,
    ETag: o.etag,
    Size: o.size,
    ...(v2 && query.get('fetch-owner') !== 'true' ? {} : { Owner: { ID: 'embedded', DisplayName: 'embedded' } }),
    StorageClass: 'STANDARD',
  }));
  const common = page.commonPrefixes.map((p) => ({ Prefix: encode(p) }));
  const shared = { Name: bucket, Prefix: encode(prefix), Delimiter: delimiter ? encode(delimiter) : undefined, MaxKeys: maxKeys };
  if (v2) {
    sendXml(res, 'ListBucketResult', {
      ...shared,
      KeyCount: contents.length + common.length,
      IsTruncated: page.isTruncated,
      ContinuationToken: token,
      NextContinuationToken: page.nextContinuationToken,
      StartAfter: encode(marker),
      EncodingType: encodingType,
      Contents: contents,
      CommonPrefixes: common,
    });
    return;
  }
  const lastListed = [...page.contents.map((o) => o.key), ...page.commonPrefixes].sort().at(-1);
  sendXml(res, 'ListBucketResult', {
    ...shared,
    Marker: encode(marker ?? ''),
    NextMarker: page.isTruncated && delimiter ? encode(lastListed) : undefined,
    IsTruncated: page.isTruncated,
    EncodingType: encodingType,
    Contents: contents,
    CommonPrefixes: common,
  });
}

function writeOptions(headers: Request['headers']): WriteOptions {
  const userMetadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith('x-amz-meta-') && typeof value === 'string') userMetadata[name.slice('x-amz-meta-'.length)] = value;
  }
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined && ifNoneMatch !== '*') throw errors.notImplemented();
  return { contentType: headers['content-type'], userMetadata, ifNoneMatch };
}

function objectHeaders(meta: ObjectMeta): Record<string, string | number> {
  const headers: Record<string, string | number> = {
    ETag: meta.etag,
    'Last-Modified': httpDate(meta.lastModified),
    'Content-Type': meta.contentType,
    'Accept-Ranges': 'bytes',
  };
  for (const [name, value] of Object.entries(meta.userMetadata)) headers[`x-amz-meta-${name}`] = value;
  return headers;
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n`; anything else is ignored as S3 does (the whole object is sent). */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) throw errors.invalidRange(size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  if (start >= size) throw errors.invalidRange(size);
  return { start, end };
}

function partNumberOf(query: Map<string, string>): number {
  const text = query.get('partNumber') ?? '';
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 10_000) throw errors.invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', text);
  return n;
}

async function objectRoute(request: Request, res: ServerResponse, { store }: RouteOptions): Promise<void> {
  const { method, bucket, key, query, headers } = request;
  if (!store.hasBucket(bucket)) throw errors.noSuchBucket(bucket);
  const uploadId = query.get('uploadId');
  if (['acl', 'tagging', 'retention', 'legal-hold', 'attributes', 'restore', 'select', 'torrent'].some((s) => query.has(s))) throw errors.notImplemented();
  if (headers['x-amz-copy-source'] !== undefined) throw errors.notImplemented();
  switch (method) {
    case 'PUT': {
      if (uploadId !== undefined) {
        const etag = await store.uploadPart(bucket, key, uploadId, partNumberOf(query), request.body);
        res.writeHead(200, { ETag: etag, 'Content-Length': 0 }).end();
        return;
      }
      const meta = await store.put(bucket, key, request.body, writeOptions(headers));
      res.writeHead(200, { ETag: meta.etag, 'Content-Length': 0 }).end();
      return;
    }
    case 'POST': {
      if (query.has('uploads')) {
        const id = await store.createUpload(bucket, key, writeOptions(headers));
        sendXml(res, 'InitiateMultipartUploadResult', { Bucket: bucket, Key: key, UploadId: id });
        return;
      }
      if (uploadId === undefined) throw errors.methodNotAllowed();
      const text = request.body.toString('utf8');
      if (!hasRoot(text, 'CompleteMultipartUpload')) throw errors.malformedXml();
      const parts = elements(text, 'Part').map((part) => ({
        partNumber: Number(elementTexts(part, 'PartNumber')[0]),
        etag: elementTexts(part, 'ETag')[0] ?? '',
      }));
      if (parts.some((p) => !Number.isInteger(p.partNumber))) throw errors.malformedXml();
      const meta = await store.completeUpload(bucket, key, uploadId, parts, writeOptions(headers));
      sendXml(res, 'CompleteMultipartUploadResult', { Location: `/${bucket}/${encodeURIComponent(key)}`, Bucket: bucket, Key: key, ETag: meta.etag });
      return;
    }
    case 'DELETE':
      if (uploadId !== undefined) await store.abortUpload(bucket, key, uploadId);
      else await store.delete(bucket, key);
      res.writeHead(204).end();
      return;
    case 'GET':
      if (uploadId !== undefined) return listPartsRoute(request, res, store, uploadId);
      return getRoute(request, res, store, true);
    case 'HEAD':
      return getRoute(request, res, store, false);
    default:
      throw errors.methodNotAllowed();
  }
}

async function listPartsRoute(request: Request, res: ServerResponse, store: ObjectStore, uploadId: string): Promise<void> {
  const { bucket, key, query } = request;
  const maxParts = Math.min(Number(query.get('max-parts') ?? 1000), 1000);
  const marker = Number(query.get('part-number-marker') ?? 0);
  const { parts } = await store.listParts(bucket, key, uploadId);
  const after = parts.filter((p) => p.partNumber > marker);
  const page = after.slice(0, maxParts);
  const truncated = after.length > page.length;
  sendXml(res, 'ListPartsResult', {
    Bucket: bucket,
    Key: key,
    UploadId: uploadId,
    PartNumberMarker: marker,
    NextPartNumberMarker: page.at(-1)?.partNumber ?? marker,
    MaxParts: maxParts,
    IsTruncated: truncated,
    Part: page.map((p) => ({ PartNumber: p.partNumber, LastModified: p.lastModified, ETag: p.etag, Size: p.size })),
    StorageClass: 'STANDARD',
  });
}

async function getRoute(request: Request, res: ServerResponse, store: ObjectStore, withBody: boolean): Promise<void> {
  const { bucket, key, headers } = request;
  const meta = store.head(bucket, key);
  const ifMatch = headers['if-match'];
  if (ifMatch !== undefined && ifMatch !== '*' && ifMatch.replace(/"/g, '') !== meta.etag.replace(/"/g, '')) throw errors.preconditionFailed('If-Match');
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined && (ifNoneMatch === '*' || ifNoneMatch.replace(/"/g, '') === meta.etag.replace(/"/g, ''))) {
    res.writeHead(304, { ETag: meta.etag, 'Last-Modified': httpDate(meta.lastModified) }).end();
    return;
  }
  const range = parseRange(headers.range, meta.size);
  const status = range ? 206 : 200;
  const length = range ? range.end - range.start + 1 : meta.size;
  const head = { ...objectHeaders(meta), 'Content-Length': length, ...(range ? { 'Content-Range': `bytes ${range.start}-${range.end}/${meta.size}` } : {}) };
  if (!withBody) {
    res.writeHead(status, head).end();
    return;
  }
  const { data } = await store.read(bucket, key, range);
  res.writeHead(status, head).end(data);
}
