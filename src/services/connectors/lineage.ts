import type { ConnectorLineage, LineageObjects, LineageSubject, LineageTable } from './connector-model';

const JDBC_SINKS = new Set(['io.confluent.connect.jdbc.JdbcSinkConnector', 'JdbcSinkConnector', 'JdbcSink']);

const list = (raw: string | undefined) => (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/** An S3 sink's objects: `<topics.dir>/<topic>/` in s3.bucket.name, per topic (Confluent's object layout). */
function s3Objects(config: Record<string, string>, topics: string[]): LineageObjects[] {
  const className = config['connector.class'] ?? '';
  if (!/(^|\.)S3SinkConnector$|^S3Sink$/.test(className) || !config['s3.bucket.name']) return [];
  const dir = config['topics.dir'] ?? 'topics';
  return topics.map((topic) => ({ bucket: config['s3.bucket.name']!, prefix: `${dir ? `${dir}/` : ''}${topic}/` }));
}

/** Confluent's Schema Registry converters (full or simple class name, as Connect accepts both). */
const REGISTRY_CONVERTERS = ['io.confluent.connect.avro.AvroConverter', 'io.confluent.connect.protobuf.ProtobufConverter', 'io.confluent.connect.json.JsonSchemaConverter'];

/**
 * The subjects a connector's registry converters use for its topics. Only TopicNameStrategy (the default) names a
 * subject from the config alone; Record(Topic)NameStrategy subjects depend on the records, so they are not listed.
 * Converters set only on the worker are not visible through the REST API and are not listed either.
 */
function schemaSubjects(config: Record<string, string>, topics: string[], access: LineageSubject['access']): LineageSubject[] {
  return (['key', 'value'] as const).flatMap((part) => {
    const className = (config[`${part}.converter`] ?? '').trim();
    const converter = REGISTRY_CONVERTERS.find((full) => full === className || full.endsWith(`.${className}`));
    const strategy = config[`${part}.converter.${part}.subject.name.strategy`] ?? 'TopicNameStrategy';
    if (!converter || !/(^|\.)TopicNameStrategy$/.test(strategy)) return [];
    return topics.map((topic) => ({ subject: `${topic}-${part}`, topic, part: part === 'key' ? ('KEY' as const) : ('VALUE' as const), access, converter }));
  });
}

export function isJdbcSink(className: string | undefined | null): boolean {
  return !!className && (JDBC_SINKS.has(className) || className.endsWith('.JdbcSinkConnector'));
}

/** `schema.table` or `table`, with identifier quotes removed. */
export function parseTableName(name: string): LineageTable {
  const parts = name.split('.').map((p) => p.replace(/^"|"$/g, ''));
  return parts.length >= 2 ? { schema: parts[parts.length - 2]!, name: parts[parts.length - 1]! } : { schema: null, name: parts[0]! };
}

/**
 * Where a connector's data comes from and goes: a sink's topics (configured, or its active topics when it uses
 * topics.regex) and, for JDBC sinks, the table each topic lands in (table.name.format with ${topic}); a source's topics;
 * and the registry subjects its converters read or write.
 */
export function lineageOf(type: string, config: Record<string, string>, activeTopics: string[] = []): ConnectorLineage {
  if (type === 'sink') {
    const sourceTopics = config.topics ? list(config.topics) : activeTopics;
    const format = config['table.name.format'] ?? '${topic}';
    const targetTables = isJdbcSink(config['connector.class'])
      ? [...new Map(sourceTopics.map((topic) => {
          const table = parseTableName(format.replace(/\$\{topic\}/g, topic));
          return [`${table.schema}.${table.name}`, table] as const;
        })).values()]
      : [];
    return { sourceTopics, targetTopics: [], targetTables, targetObjects: s3Objects(config, sourceTopics), schemaSubjects: schemaSubjects(config, sourceTopics, 'READ') };
  }
  if (type === 'source') {
    const configured = [...list(config['kafka.topic']), ...list(config.topic)];
    const targetTopics = configured.length > 0 ? configured : activeTopics;
    return { sourceTopics: [], targetTopics, targetTables: [], targetObjects: [], schemaSubjects: schemaSubjects(config, targetTopics, 'WRITE') };
  }
  return { sourceTopics: [], targetTopics: [], targetTables: [], targetObjects: [], schemaSubjects: [] };
}
