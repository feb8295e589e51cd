import { AppError, badInput } from '../../errors/app-error';
import type { Logger } from '../../logging/logger';
import { summarizeFiles, type FileHealth } from './file-health';
import type { LakeStore, ObjectPreview, StoredObject } from './lake-port';
import { offsetRanges, parseSinkObjectName } from './object-names';

export interface SinkObjectView extends StoredObject {
  bucket: string;
  topic: string | null;
  kafkaPartition: number | null;
  encodedPartition: string | null;
  startOffset: number | null;
  endOffset: number | null;
  recordCount: number | null;
}

export interface SinkObjectPage {
  edges: Array<{ cursor: string; node: SinkObjectView }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  bucket: string;
  prefix: string;
}

/** A connector as the lake needs it: its class and (redacted) config. */
export type ConnectorLookup = (cluster: string | null | undefined, name: string) => Promise<{ className: string | null; config: Record<string, string> } | null>;

export interface LakeServiceOptions {
  store: LakeStore;
  connectors: ConnectorLookup;
  smallFileBytes: number;
  healthMaxObjects: number;
  logger: Logger;
}

export const MAX_OBJECTS_PAGE = 1000;
export const MAX_PREVIEW_ROWS = 1000;
const LIST_CHUNK = 1000;

export function isS3Sink(className: string | null | undefined): boolean {
  return !!className && (className === 'io.confluent.connect.s3.S3SinkConnector' || className.endsWith('.S3SinkConnector') || className === 'S3SinkConnector' || className === 'S3Sink');
}

/** Where an S3 sink writes: its bucket, and the prefix of its topics (one topic → that topic's directory). */
export function sinkLocation(config: Record<string, string>): { bucket: string; prefix: string; topicsDir: string | null; topics: string[] } {
  const topicsDir = config['topics.dir'] ?? 'topics';
  const topics = (config.topics ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  const base = topicsDir ? `${topicsDir}/` : '';
  return { bucket: config['s3.bucket.name'] ?? '', prefix: topics.length === 1 ? `${base}${topics[0]}/` : base, topicsDir: topicsDir || null, topics };
}

const encodeCursor = (key: string) => Buffer.from(key, 'utf8').toString('base64url');

function decodeCursor(after: string): string {
  const key = Buffer.from(after, 'base64url').toString('utf8');
  if (!key || encodeCursor(key) !== after) throw badInput('after', 'after is not a cursor from sinkObjects');
  return key;
}

export function createLakeService(options: LakeServiceOptions) {
  const { store } = options;

  async function s3SinkConfig(cluster: string | null | undefined, name: string) {
    const connector = await options.connectors(cluster, name);
    if (!connector) throw new AppError('NOT_FOUND', `Connector "${name}" does not exist`, { details: { field: 'connector' } });
    if (!isS3Sink(connector.className)) throw badInput('connector', `Connector "${name}" is not an S3 sink (${connector.className ?? 'no class'})`);
    return connector.config;
  }

  return {
    /** Objects a sink wrote, in key order, as a Relay connection; by connector, or by bucket and prefix. */
    async sinkObjects(args: { cluster?: string | null; connector?: string | null; bucket?: string | null; prefix?: string | null; first?: number | null; after?: string | null }): Promise<SinkObjectPage> {
      const first = args.first ?? 50;
      if (!Number.isInteger(first) || first < 1 || first > MAX_OBJECTS_PAGE) throw badInput('first', `first must be between 1 and ${MAX_OBJECTS_PAGE}`);
      if (!!args.connector === !!args.bucket) throw badInput(args.connector ? 'bucket' : 'connector', 'give either connector, or bucket (with an optional prefix)');
      if (args.connector && args.prefix != null) throw badInput('prefix', 'prefix applies with bucket; a connector has its own prefix');
      let bucket = args.bucket ?? '';
      let prefix = args.prefix ?? '';
      let topicsDir: string | null = 'topics';
      if (args.connector) {
        const location = sinkLocation(await s3SinkConfig(args.cluster, args.connector));
        ({ bucket, prefix, topicsDir } = location);
      }
      const startAfter = args.after ? decodeCursor(args.after) : undefined;
      // One extra object tells whether a next page exists and where the page's last file ends.
      const page = await store.listObjects(bucket, prefix, { startAfter, maxKeys: first + 1 });
      const names = page.objects.map((o) => parseSinkObjectName(o.key, topicsDir));
      const ranges = offsetRanges(names);
      const nodes = page.objects.slice(0, first).map((object, i): SinkObjectView => ({
        ...object,
        bucket,
        topic: names[i]?.topic ?? null,
        kafkaPartition: names[i]?.kafkaPartition ?? null,
        encodedPartition: names[i]?.encodedPartition ?? null,
        startOffset: ranges[i]?.startOffset ?? null,
        endOffset: ranges[i]?.endOffset ?? null,
        recordCount: ranges[i]?.recordCount ?? null,
      }));
      const edges = nodes.map((node) => ({ cursor: encodeCursor(node.key), node }));
      return {
        edges,
        bucket,
        prefix,
        pageInfo: {
          hasNextPage: page.objects.length > first,
          hasPreviousPage: !!startAfter,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
      };
    },

    async sinkObjectPreview(args: { bucket: string; key: string; limit?: number | null }): Promise<ObjectPreview & { bucket: string; key: string }> {
      const limit = args.limit ?? 20;
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PREVIEW_ROWS) throw badInput('limit', `limit must be between 1 and ${MAX_PREVIEW_ROWS}`);
      if (!args.bucket) throw badInput('bucket', 'bucket must not be empty');
      if (!args.key) throw badInput('key', 'key must not be empty');
      return { bucket: args.bucket, key: args.key, ...(await store.previewObject(args.bucket, args.key, limit)) };
    },

    /** File sizes and counts of an S3 sink's output; null for other connectors. */
    async fileHealth(connector: { className: string | null; config: Record<string, string> }): Promise<FileHealth | null> {
      if (!isS3Sink(connector.className)) return null;
      const { bucket, prefix, topicsDir, topics } = sinkLocation(connector.config);
      const objects: StoredObject[] = [];
      let startAfter: string | undefined;
      let truncated = false;
      for (;;) {
        const page = await store.listObjects(bucket, prefix, { startAfter, maxKeys: Math.min(LIST_CHUNK, options.healthMaxObjects - objects.length) });
        objects.push(...page.objects);
        if (!page.truncated || page.objects.length === 0) break;
        if (objects.length >= options.healthMaxObjects) {
          truncated = true;
          break;
        }
        startAfter = page.objects.at(-1)!.key;
      }
      const own = objects.filter((o) => {
        const name = parseSinkObjectName(o.key, topicsDir);
        return name !== null && (topics.length === 0 || topics.includes(name.topic));
      });
      return summarizeFiles(own, { bucket, prefix, topicsDir, config: connector.config, thresholdBytes: options.smallFileBytes, truncated });
    },

    bucketExists: (bucket: string) => store.bucketExists(bucket),
    readiness: () => store.health(),
  };
}

export type LakeService = ReturnType<typeof createLakeService>;
