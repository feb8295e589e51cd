import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors/app-error';

/**
 * Reads a request body up to `maxBytes`. A larger body is refused as soon as it crosses the limit (without buffering
 * the rest) with BAD_USER_INPUT; malformed JSON likewise.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const text = await readText(req, maxBytes);
  if (text.length === 0) return undefined;
  const type = String(req.headers['content-type'] ?? '');
  if (!type.includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('BAD_USER_INPUT', 'request body is not valid JSON');
  }
}

/** Plain 'data'/'end' listeners: the stream's async iterator costs a promise and a tick per chunk on every request. */
function readText(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        req.pause();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(new AppError('BAD_USER_INPUT', 'request body ended early'));
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('BAD_USER_INPUT', `request body exceeds ${maxBytes} bytes`, { details: { limit: 'bodySize', max: maxBytes } });
}
