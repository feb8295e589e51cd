import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors/app-error';

/**
 * Reads a request body up to `maxBytes`. A larger body is refused as soon as it crosses the limit (without buffering
 * the rest) with BAD_USER_INPUT; malformed JSON likewise.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  const type = String(req.headers['content-type'] ?? '');
  if (!type.includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('BAD_USER_INPUT', 'request body is not valid JSON');
  }
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('BAD_USER_INPUT', `request body exceeds ${maxBytes} bytes`, { details: { limit: 'bodySize', max: maxBytes } });
}
