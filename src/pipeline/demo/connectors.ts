import type { KafkaConnectClient } from '../../adapters/kafka-connect';
import { AppError } from '../../errors/app-error';
import type { Logger } from '../../logging/logger';
import { CLICK_SCHEMA } from './avro-schemas';
import { DEMO_DEVICE_COUNT, DEMO_URLS, DEMO_USER_COUNT } from './demo-data';

export const DEMO_DATAGEN_CONNECTOR = 'demo-clickstream-datagen';
export const DEMO_JDBC_SINK_CONNECTOR = 'demo-clickstream-jdbc-sink';
export const DEMO_S3_SINK_CONNECTOR = 'demo-clickstream-s3-sink';

/** Where the demo S3 sink writes: the store as the Connect worker reaches it, and the key pair it signs with. */
export interface DemoLake {
  bucket: string;
  region: string;
  storeUrl: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** The schema registry as the Connect worker reaches it (value.converter.schema.registry.url) and its basic auth. */
export interface DemoRegistry {
  url: string;
  basicAuth?: string;
}

export interface DemoConnectorsOptions {
  client: KafkaConnectClient;
  /** pipegraph's postgres:// URL; turned into the sink's jdbc:postgresql URL and credentials unless `jdbcUrl` is given. */
  databaseUrl: string;
  /** CONNECT_DEMO_JDBC_URL: the database as the Connect worker sees it (credentials in connection.user/password). */
  jdbcUrl?: string;
  /** Schema of clickstream_events (SINK_SCHEMA). @default 'public' */
  sinkSchema?: string;
  /** The lake leg (enriched-clickstream → S3 sink → Parquet, hourly); left out when undefined. */
  lake?: DemoLake;
  /** The registry the Avro converters use; without one the JDBC and S3 sinks are left out (they need schema'd records). */
  registry?: DemoRegistry;
  logger: Logger;
  /** Attempts while Connect is still starting (409/unavailable). @default 10 */
  attempts?: number;
  /** Aborting ends the retries early (server shutdown). */
  signal?: AbortSignal;
}

/** jdbc:postgresql URL plus connection.user / connection.password for a postgres:// URL. */
export function jdbcConnection(databaseUrl: string): Record<string, string> {
  const url = new URL(databaseUrl);
  const config: Record<string, string> = {
    'connection.url': `jdbc:postgresql://${url.hostname}:${url.port || '5432'}${url.pathname || '/postgres'}`,
  };
  if (url.username) config['connection.user'] = decodeURIComponent(url.username);
  if (url.password) config['connection.password'] = decodeURIComponent(url.password);
  return config;
}

/** Confluent's AvroConverter for values (keys stay plain UTF-8 strings), reading and registering through the registry. */
export function avroConverter(registry: DemoRegistry, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'io.confluent.connect.avro.AvroConverter',
    'value.converter.schema.registry.url': registry.url,
    ...(registry.basicAuth ? { 'value.converter.basic.auth.credentials.source': 'USER_INFO', 'value.converter.basic.auth.user.info': registry.basicAuth } : {}),
    ...extra,
  };
}

/**
 * The lake leg: enriched-clickstream (Confluent Avro, EnrichedClick) → Parquet with one column per field. Hourly
 * partitions come from the Kafka timestamp, which the enricher sets to the event time; files rotate every minute of
 * event time or 10,000 records — small on purpose, so Connector.fileHealth shows the small-files warning and the
 * settings that cure it.
 */
export function demoS3SinkConfig(lake: DemoLake, registry: DemoRegistry): Record<string, string> {
  return {
    'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
    topics: 'enriched-clickstream',
    's3.bucket.name': lake.bucket,
    's3.region': lake.region,
    'store.url': lake.storeUrl,
    's3.path.style.access.enabled': 'true',
    'aws.access.key.id': lake.accessKeyId,
    'aws.secret.access.key': lake.secretAccessKey,
    'storage.class': 'io.confluent.connect.s3.storage.S3Storage',
    'format.class': 'io.confluent.connect.s3.format.parquet.ParquetFormat',
    'flush.size': '10000',
    'rotate.interval.ms': '60000',
    'partitioner.class': 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner',
    'path.format': "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH",
    'partition.duration.ms': '3600000',
    locale: 'en-US',
    timezone: 'UTC',
    'timestamp.extractor': 'Record',
    'tasks.max': '1',
    ...avroConverter(registry),
  };
}

/** Datagen sleeps a uniform 0..max.interval ms before each record, so records come max.interval / 2 apart on average. */
const DATAGEN_MAX_INTERVAL_MS = 1_000;

/**
 * The Click schema annotated for kafka-connect-datagen's schema.string (avro-random-generator's arg.properties, on the
 * field types): user_id and device_id within the seeded users and devices (a range's max is exclusive), url from the
 * seeded urls, and timestamps iterating from `startMs` by the mean gap between records, so they track the wall clock
 * roughly and never repeat (the sink's key is user_id, timestamp). A restarted task resumes its iteration, so
 * timestamps fall behind the clock by as long as the connector was stopped.
 */
export function datagenClickSchema(startMs: number): Record<string, unknown> {
  const args: Record<string, object> = {
    timestamp: { iteration: { start: startMs, step: DATAGEN_MAX_INTERVAL_MS / 2 } },
    user_id: { range: { min: 1, max: DEMO_USER_COUNT + 1 } },
    url: { options: DEMO_URLS.map((u) => u.url) },
    device_id: { range: { min: 1, max: DEMO_DEVICE_COUNT + 1 } },
  };
  const annotated = (f: (typeof CLICK_SCHEMA.fields)[number]) => ({ ...(typeof f.type === 'string' ? { type: f.type } : f.type), 'arg.properties': args[f.name] });
  return { ...CLICK_SCHEMA, fields: CLICK_SCHEMA.fields.map((f) => ({ ...f, type: annotated(f) })) };
}

/**
 * The seed pipeline's connectors, as Connect configs. Datagen generates Click records (schema.string, keyed by
 * user_id) and writes clickstream through the AvroConverter with the Click schema the demo registered
 * (use.latest.version, no auto-registration of its own schema); the JDBC and S3 sinks
 * read enriched-clickstream through it — the timestamp-millis field arrives as Connect's Timestamp, so no
 * TimestampConverter is needed. Without a registry there are no schema'd records for the sinks (Confluent's JDBC sink
 * refuses schemaless ones, Parquet needs a Struct), so only datagen is configured, writing plain JSON.
 */
export function demoConnectorConfigs(
  { databaseUrl, jdbcUrl, sinkSchema = 'public', lake, registry }: Pick<DemoConnectorsOptions, 'databaseUrl' | 'jdbcUrl' | 'sinkSchema' | 'lake' | 'registry'>,
  startMs = Date.now(),
): Record<string, Record<string, string>> {
  const datagen = {
    'connector.class': 'io.confluent.kafka.connect.datagen.DatagenConnector',
    'kafka.topic': 'clickstream',
    'schema.string': JSON.stringify(datagenClickSchema(startMs)),
    'schema.keyfield': 'user_id',
    'max.interval': String(DATAGEN_MAX_INTERVAL_MS),
    iterations: '-1',
    'tasks.max': '1',
  };
  if (!registry) {
    return {
      [DEMO_DATAGEN_CONNECTOR]: {
        ...datagen,
        'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
        'value.converter.schemas.enable': 'false',
      },
    };
  }
  const connection = jdbcUrl ? { ...jdbcConnection(databaseUrl), 'connection.url': jdbcUrl } : jdbcConnection(databaseUrl);
  return {
    [DEMO_DATAGEN_CONNECTOR]: {
      ...datagen,
      // The record's schema is Click itself (plus Connect's metadata), so the registered version passes the strict check.
      ...avroConverter(registry, { 'value.converter.auto.register.schemas': 'false', 'value.converter.use.latest.version': 'true' }),
    },
    [DEMO_JDBC_SINK_CONNECTOR]: {
      'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
      topics: 'enriched-clickstream',
      ...connection,
      'table.name.format': `${sinkSchema}.clickstream_events`,
      'insert.mode': 'upsert',
      'pk.mode': 'record_value',
      'pk.fields': 'user_id,timestamp',
      'auto.create': 'false',
      'auto.evolve': 'false',
      'tasks.max': '1',
      ...avroConverter(registry),
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': 'enriched-clickstream-dlq',
      'errors.deadletterqueue.topic.replication.factor': '1',
      'errors.deadletterqueue.context.headers.enable': 'true',
      'errors.log.enable': 'true',
    },
    ...(lake ? { [DEMO_S3_SINK_CONNECTOR]: demoS3SinkConfig(lake, registry) } : {}),
  };
}

/**
 * Creates the demo pipeline's connectors (datagen → clickstream, enriched-clickstream → JDBC sink → clickstream_events)
 * when they do not exist yet; existing ones are left as the user changed them. Retries while Connect starts up.
 */
export async function provisionDemoConnectors(options: DemoConnectorsOptions): Promise<string[]> {
  const { client, logger, attempts = 10, signal } = options;
  const configs = demoConnectorConfigs(options);
  for (let attempt = 1; ; attempt++) {
    try {
      const existing = new Set(await client.listConnectors());
      const created: string[] = [];
      for (const [name, config] of Object.entries(configs)) {
        if (existing.has(name)) continue;
        try {
          await client.createConnector(name, config);
          created.push(name);
        } catch (error) {
          if (!(error instanceof AppError && error.code === 'ALREADY_EXISTS')) throw error;
        }
      }
      if (created.length > 0) logger.info({ connectors: created }, 'demo connectors created');
      return created;
    } catch (error) {
      const retriable = error instanceof AppError && error.retriable;
      if (!retriable || attempt >= attempts || signal?.aborted) {
        if (!signal?.aborted) logger.warn({ err: (error as Error).message }, 'demo connectors not provisioned');
        return [];
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(5_000, 250 * 2 ** attempt));
        signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
  }
}
