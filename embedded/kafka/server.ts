import net from 'node:net';
import type { EmbeddedLogger } from '../logger';
import type { Response } from './api/context';

/** Kafka's socket.request.max.bytes default: frames claiming more are refused and the connection closed. */
export const DEFAULT_MAX_FRAME_BYTES = 100 * 1024 * 1024;
/** Smallest legal request: api_key, api_version, correlation_id, client_id length. */
const MIN_FRAME_BYTES = 10;
/** Stop reading from a client whose responses pile up unread beyond this. */
const MAX_PENDING_OUTPUT = 64 * 1024 * 1024;

export type RequestHandler = (frame: Buffer, clientHost: string) => Response | Promise<Response>;

/**
 * One client connection: splits the byte stream into size-prefixed frames and handles them strictly one at a time,
 * as Kafka does, so responses leave in request order (librdkafka relies on that) even when a handler answers later
 * (long-poll fetch, join barrier).
 */
class Connection {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private readonly queue: Buffer[] = [];
  private busy = false;
  private closed = false;
  readonly clientHost: string;

  constructor(
    readonly socket: net.Socket,
    private readonly handle: RequestHandler,
    private readonly logger: EmbeddedLogger,
    private readonly maxFrameBytes: number,
    private readonly onClose: (connection: Connection) => void,
  ) {
    this.clientHost = `/${socket.remoteAddress ?? 'unknown'}`;
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('error', (error) => this.logger.debug({ err: error, client: this.clientHost }, 'kafka: connection error'));
    socket.on('close', () => {
      this.closed = true;
      this.queue.length = 0;
      this.onClose(this);
    });
    socket.on('drain', () => socket.resume());
  }

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    while (this.buffered >= 4) {
      const head = this.chunks[0]!.length >= 4 ? this.chunks[0]! : this.merge();
      const size = head.readInt32BE(0);
      if (size < MIN_FRAME_BYTES || size > this.maxFrameBytes) {
        this.abort(`frame size ${size} outside [${MIN_FRAME_BYTES}, ${this.maxFrameBytes}]`);
        return;
      }
      if (this.buffered < 4 + size) break;
      const all = this.chunks.length === 1 ? this.chunks[0]! : this.merge();
      this.queue.push(all.subarray(4, 4 + size));
      const rest = all.subarray(4 + size);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
    }
    this.drain();
  }

  private merge(): Buffer {
    const merged = Buffer.concat(this.chunks, this.buffered);
    this.chunks = [merged];
    return merged;
  }

  private drain(): void {
    while (!this.busy && !this.closed && this.queue.length > 0) {
      const frame = this.queue.shift()!;
      let outcome: Response | Promise<Response>;
      try {
        outcome = this.handle(frame, this.clientHost);
      } catch (error) {
        this.abort(error instanceof Error ? error.message : String(error), error);
        return;
      }
      if (outcome instanceof Promise) {
        this.busy = true;
        outcome.then(
          (response) => {
            this.busy = false;
            this.send(response);
            this.drain();
          },
          (error: unknown) => this.abort(error instanceof Error ? error.message : String(error), error),
        );
        return;
      }
      this.send(outcome);
    }
  }

  private send(response: Response): void {
    if (!response || this.closed || this.socket.destroyed) return;
    if (response.length === 1) {
      this.socket.write(response[0]!);
    } else {
      this.socket.cork();
      for (const chunk of response) this.socket.write(chunk);
      this.socket.uncork();
    }
    if (this.socket.writableLength > MAX_PENDING_OUTPUT) this.socket.pause();
  }

  /** Malformed input or a handler failure: log, drop this connection, keep serving everyone else. */
  private abort(reason: string, error?: unknown): void {
    this.logger.warn({ client: this.clientHost, reason, err: error }, 'kafka: closing connection after a bad request');
    this.closed = true;
    this.queue.length = 0;
    this.socket.destroy();
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }
}

export interface KafkaTcpServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Listens on host:port (0 = ephemeral) and resolves once bound. */
export function listen(host: string, port: number, handle: RequestHandler, logger: EmbeddedLogger, maxFrameBytes = DEFAULT_MAX_FRAME_BYTES): Promise<KafkaTcpServer> {
  const connections = new Set<Connection>();
  const server = net.createServer((socket) => {
    connections.add(new Connection(socket, handle, logger, maxFrameBytes, (connection) => connections.delete(connection)));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      server.on('error', (error) => logger.error({ err: error }, 'kafka: server error'));
      const address = server.address() as net.AddressInfo;
      resolve({
        port: address.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            for (const connection of connections) connection.close();
            connections.clear();
          }),
      });
    });
  });
}
