import { open, appendFile, type FileHandle } from 'node:fs/promises';
import { ConfigDef, validators } from '../../config/config-def';
import type { SinkRecord, SourceRecord } from '../../data/record';
import { CONNECT_VERSION } from '../../version';
import { sleep, type ConnectorPlugin, type SinkTask, type SourceTask, type SourceTaskContext } from '../plugin';

/** How long the source waits before looking at the file again when it has no new complete line. */
const POLL_IDLE_MS = 200;

const sourceDef = new ConfigDef()
  .define({ name: 'file', type: 'STRING', defaultValue: null, importance: 'HIGH', documentation: 'Source filename. If not specified, the standard input will be used (not supported by the embedded worker).', validator: validators.nonEmpty() })
  .define({ name: 'topic', type: 'LIST', importance: 'HIGH', documentation: 'The topic to publish data to', validator: (v) => ((v as string[]).length === 1 ? undefined : "'topic' in FileStreamSourceConnector configuration requires definition of a single topic") })
  .define({ name: 'batch.size', type: 'INT', defaultValue: '2000', importance: 'LOW', documentation: 'The maximum number of records the source task can read from the file each time it is polled', validator: validators.atLeast(1) });

const sinkDef = new ConfigDef().define({ name: 'file', type: 'STRING', defaultValue: null, importance: 'HIGH', documentation: 'Destination filename. If not specified, the standard output will be used (not supported by the embedded worker).', validator: validators.nonEmpty() });

const requireFile = (config: Record<string, string>): Map<string, string[]> =>
  config.file ? new Map() : new Map([['file', ['The embedded worker needs a file: standard input/output are not available']]]);

/** Reads lines from a file and publishes each as a string record; offset `{position}` (bytes) under partition `{filename}`. */
class FileStreamSourceTask implements SourceTask {
  private file = '';
  private topic = '';
  private batchSize = 2000;
  private position = 0;
  private handle: FileHandle | undefined;
  private pending = Buffer.alloc(0);

  async start(props: Record<string, string>, context: SourceTaskContext): Promise<void> {
    this.file = props.file!;
    this.topic = props.topic!.split(',')[0]!.trim();
    this.batchSize = Number(props['batch.size'] ?? 2000);
    const stored = context.offsetOf({ filename: this.file });
    this.position = stored ? Number(stored.position ?? 0) : 0;
  }

  async poll(signal: AbortSignal): Promise<SourceRecord[]> {
    try {
      this.handle ??= await open(this.file, 'r');
    } catch {
      // Connect's task waits for the file to appear rather than failing.
      await sleep(POLL_IDLE_MS * 5, signal);
      return [];
    }
    const chunk = Buffer.alloc(64 * 1024);
    const { bytesRead } = await this.handle.read(chunk, 0, chunk.length, this.position + this.pending.length);
    if (bytesRead > 0) this.pending = Buffer.concat([this.pending, chunk.subarray(0, bytesRead)]);
    const records: SourceRecord[] = [];
    let newline: number;
    while (records.length < this.batchSize && (newline = this.pending.indexOf(0x0a)) >= 0) {
      const line = this.pending.subarray(0, newline).toString('utf8').replace(/\r$/, '');
      this.position += newline + 1;
      this.pending = this.pending.subarray(newline + 1);
      records.push({
        topic: this.topic,
        kafkaPartition: null,
        keySchema: null,
        key: null,
        valueSchema: { type: 'string', optional: false },
        value: line,
        timestamp: null,
        headers: {},
        sourcePartition: { filename: this.file },
        sourceOffset: { position: this.position },
      });
    }
    if (records.length === 0 && bytesRead === 0) await sleep(POLL_IDLE_MS, signal);
    return records;
  }

  async stop(): Promise<void> {
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
  }
}

/** Appends each record's value as a line (objects as JSON). */
class FileStreamSinkTask implements SinkTask {
  private file = '';

  async start(props: Record<string, string>): Promise<void> {
    this.file = props.file!;
  }

  async put(records: SinkRecord[]): Promise<void> {
    if (records.length === 0) return;
    const lines = records.map((r) => {
      const v = r.value;
      if (v === null || v === undefined) return 'null';
      if (typeof v === 'object' && !Buffer.isBuffer(v) && !(v instanceof Date)) return JSON.stringify(v);
      return String(v);
    });
    await appendFile(this.file, lines.join('\n') + '\n');
  }

  async stop(): Promise<void> {}
}

export const fileStreamSourcePlugin: ConnectorPlugin = {
  className: 'org.apache.kafka.connect.file.FileStreamSourceConnector',
  type: 'source',
  version: CONNECT_VERSION,
  configDef: sourceDef,
  validate: requireFile,
  // One file, one reader: Connect's FileStreamSource always runs a single task.
  taskConfigs: (config) => [{ ...config }],
  createSourceTask: () => new FileStreamSourceTask(),
};

export const fileStreamSinkPlugin: ConnectorPlugin = {
  className: 'org.apache.kafka.connect.file.FileStreamSinkConnector',
  type: 'sink',
  version: CONNECT_VERSION,
  configDef: sinkDef,
  validate: requireFile,
  taskConfigs: (config, maxTasks) => Array.from({ length: maxTasks }, () => ({ ...config })),
  createSinkTask: () => new FileStreamSinkTask(),
};
