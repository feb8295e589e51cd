import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

/** A file served forever-cacheable: its name carries a version or content hash. Read and gzipped once, on first use. */
export interface StaticAsset {
  fileName: string;
  contentType: string;
  body: () => Buffer;
  gzipped: () => Buffer;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export function lazyAsset(fileName: string, read: () => Buffer): StaticAsset {
  let body: Buffer | undefined;
  let gzipped: Buffer | undefined;
  return {
    fileName,
    contentType: CONTENT_TYPES[fileName.slice(fileName.lastIndexOf('.'))] ?? 'application/octet-stream',
    body: () => (body ??= read()),
    gzipped: () => (gzipped ??= gzipSync(body ?? (body = read()), { level: 9 })),
  };
}

/** 200 with an immutable year-long cache, gzip when the client accepts it; HEAD gets the headers only. */
export function sendAsset(req: IncomingMessage, res: ServerResponse, asset: StaticAsset): void {
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzip ? asset.gzipped() : asset.body();
  res.writeHead(200, {
    'content-type': asset.contentType,
    'content-length': body.length,
    'cache-control': 'public, max-age=31536000, immutable',
    vary: 'accept-encoding',
    'x-content-type-options': 'nosniff',
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
