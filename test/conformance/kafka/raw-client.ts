import net from 'node:net';

/** Big-endian request body builder for hand-written protocol tests. */
export class Body {
  private readonly parts: Buffer[] = [];
  int8(v: number) {
    const b = Buffer.alloc(1);
    b.writeInt8(v);
    return this.push(b);
  }
  int16(v: number) {
    const b = Buffer.alloc(2);
    b.writeInt16BE(v);
    return this.push(b);
  }
  int32(v: number) {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    return this.push(b);
  }
  int64(v: number) {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(BigInt(v));
    return this.push(b);
  }
  string(s: string | null) {
    if (s === null) return this.int16(-1);
    this.int16(Buffer.byteLength(s));
    return this.push(Buffer.from(s));
  }
  bytes(b: Buffer) {
    this.int32(b.length);
    return this.push(b);
  }
  push(b: Buffer) {
    this.parts.push(b);
    return this;
  }
  build(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** Reads a response body field by field. */
export class Cursor {
  constructor(
    private readonly buffer: Buffer,
    public at = 0,
  ) {}
  int8() {
    return this.buffer.readInt8((this.at += 1) - 1);
  }
  int16() {
    return this.buffer.readInt16BE((this.at += 2) - 2);
  }
  int32() {
    return this.buffer.readInt32BE((this.at += 4) - 4);
  }
  int64() {
    return Number(this.buffer.readBigInt64BE((this.at += 8) - 8));
  }
  string() {
    const length = this.int16();
    if (length < 0) return null;
    return this.buffer.toString('utf8', this.at, (this.at += length));
  }
  bytes() {
    const length = this.int32();
    if (length < 0) return null;
    return this.buffer.subarray(this.at, (this.at += length));
  }
  get remaining() {
    return this.buffer.length - this.at;
  }
}

/** A bare Kafka protocol connection: frames requests, matches responses by correlation id. */
export class RawClient {
  private correlation = 1;
  private pending = new Map<number, { resolve: (body: Buffer) => void; reject: (error: Error) => void }>();
  private chunks: Buffer[] = [];
  private buffered = 0;
  closed: Promise<void>;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk) => {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      for (;;) {
        if (this.buffered < 4) return;
        if (this.chunks[0]!.length < 4) this.chunks = [Buffer.concat(this.chunks)];
        const size = this.chunks[0]!.readInt32BE(0);
        if (this.buffered < 4 + size) return; // concatenate once, when the whole frame is here
        const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
        const frame = all.subarray(4, 4 + size);
        const rest = all.subarray(4 + size);
        this.chunks = rest.length ? [rest] : [];
        this.buffered = rest.length;
        const id = frame.readInt32BE(0);
        this.pending.get(id)?.resolve(frame.subarray(4));
        this.pending.delete(id);
      }
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        for (const waiter of this.pending.values()) waiter.reject(new Error('connection closed'));
        this.pending.clear();
        resolve();
      }),
    );
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, host, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends a request with header v1 and resolves with the response body (after the correlation id). */
  request(apiKey: number, apiVersion: number, body: Buffer = Buffer.alloc(0), clientId = 'raw'): Promise<Buffer> {
    const correlationId = this.correlation++;
    const header = new Body().int16(apiKey).int16(apiVersion).int32(correlationId).string(clientId).build();
    const frame = Buffer.concat([header, body]);
    const size = Buffer.alloc(4);
    size.writeInt32BE(frame.length);
    return new Promise((resolve, reject) => {
      this.pending.set(correlationId, { resolve, reject });
      this.socket.write(Buffer.concat([size, frame]));
    });
  }

  /** CreateTopics v2 for one topic (1 partition); the topic's error code and message. */
  async createTopic(name: string, configs: Array<[string, string | null]>): Promise<{ errorCode: number; errorMessage: string | null }> {
    const body = new Body().int32(1).string(name).int32(1).int16(1).int32(0).int32(configs.length);
    for (const [key, value] of configs) body.string(key).string(value);
    const cursor = new Cursor(await this.request(19, 2, body.int32(5_000).int8(0).build()));
    cursor.int32(); // throttle
    cursor.int32(); // one topic
    cursor.string();
    return { errorCode: cursor.int16(), errorMessage: cursor.string() };
  }

  /** AlterConfigs v0 for one topic; the resource's error code and message. */
  async alterTopicConfigs(topic: string, configs: Array<[string, string | null]>): Promise<{ errorCode: number; errorMessage: string | null }> {
    const body = new Body().int32(1).int8(2).string(topic).int32(configs.length);
    for (const [key, value] of configs) body.string(key).string(value);
    const cursor = new Cursor(await this.request(33, 0, body.int8(0).build()));
    cursor.int32(); // throttle
    cursor.int32(); // one resource
    return { errorCode: cursor.int16(), errorMessage: cursor.string() };
  }

  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  close(): void {
    this.socket.destroy();
  }
}
