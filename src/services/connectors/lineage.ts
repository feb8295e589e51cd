import type { ConnectorLineage, LineageTable } from './connector-model';

const JDBC_SINKS = new Set(['io.confluent.connect.jdbc.JdbcSinkConnector', 'JdbcSinkConnector', 'JdbcSink']);

const list = (raw: string | undefined) => (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);

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
    return { sourceTopics, targetTopics: [], targetTables };
  }
  if (type === 'source') {
    const configured = [...list(config['kafka.topic']), ...list(config.topic)];
    return { sourceTopics: [], targetTopics: configured.length > 0 ? configured : activeTopics, targetTables: [] };
  }
  return { sourceTopics: [], targetTopics: [], targetTables: [] };
}
