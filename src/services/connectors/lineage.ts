import type { ConnectorLineage, LineageObjects, LineageTable } from './connector-model';

const JDBC_SINKS = new Set(['io.confluent.connect.jdbc.JdbcSinkConnector', 'JdbcSinkConnector', 'JdbcSink']);

const list = (raw: string | undefined) => (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/** An S3 sink's objects: `<topics.dir>/<topic>/` in s3.bucket.name, per topic (Confluent's object layout). */
function s3Objects(config: Record<string, string>, topics: string[]): LineageObjects[] {
  const className = config['connector.class'] ?? '';
  if (!/(^|\.)S3SinkConnector$|^S3Sink$/.test(className) || !config['s3.bucket.name']) return [];
  const dir = config['topics.dir'] ?? 'topics';
  return topics.map((topic) => ({ bucket: config['s3.bucket.name']!, prefix: `${dir ? `${dir}/` : ''}${topic}/` }));
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
 * topics.regex) and, for JDBC sinks, the table each topic lands in (table.name.format with ${topic}); a source's topics.
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
    return { sourceTopics, targetTopics: [], targetTables, targetObjects: s3Objects(config, sourceTopics) };
  }
  if (type === 'source') {
    const configured = [...list(config['kafka.topic']), ...list(config.topic)];
    return { sourceTopics: [], targetTopics: configured.length > 0 ? configured : activeTopics, targetTables: [], targetObjects: [] };
  }
  return { sourceTopics: [], targetTopics: [], targetTables: [], targetObjects: [] };
}
