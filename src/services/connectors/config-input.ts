import { AppError, badInput } from '../../errors/app-error';

/**
 * A connector config from GraphQL JSON into Connect's flat string map: numbers and booleans become strings, arrays of
 * scalars become comma-separated lists (Connect's LIST type). Nested objects are refused naming the key. With
 * `allowNull` (MERGE updates) null means "remove this key".
 */
export function toConnectConfig(config: unknown, field: string, { allowNull = false } = {}): Record<string, string | null> {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw badInput(field, `${field} must be a JSON object of config keys`);
  const out: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
    const at = `${field}.${key}`;
    if (key.trim() === '') throw badInput(field, `${field} has an empty key`);
    if (value === null) {
      if (!allowNull) throw badInput(at, `${at} must not be null (null removes a key only in MERGE updates)`);
      out[key] = null;
    } else if (typeof value === 'string') out[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = String(value);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) out[key] = value.join(',');
    else throw badInput(at, `${at} must be a string, number, boolean or list of those`);
  }
  return out;
}

export function withoutNulls(config: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).filter((e): e is [string, string] => e[1] !== null));
}

export function checkConnectorName(name: string, field = 'name'): void {
  if (name.trim() === '') throw badInput(field, 'connector name must not be empty');
  if (name.length > 249) throw badInput(field, 'connector name must be at most 249 characters');
  if (/[\u0000-\u001f\u007f]/.test(name)) throw badInput(field, 'connector name must not contain control characters');
  // Connect refuses '/' in names; '.' and '..' would address another REST resource once the URL is normalised.
  if (name.includes('/')) throw badInput(field, "connector name must not contain '/'");
  if (name === '.' || name === '..') throw badInput(field, 'connector name must not be "." or ".."');
}

export interface OffsetInput {
  partition: unknown;
  offset: unknown;
}

/** Offsets in Connect's shape; sink connectors' partitions/offsets are checked for kafka_topic/kafka_partition/kafka_offset. */
export function toConnectOffsets(offsets: OffsetInput[], connectorType: string): Array<{ partition: Record<string, unknown>; offset: Record<string, unknown> | null }> {
  if (offsets.length === 0) throw badInput('offsets', 'give at least one partition offset');
  return offsets.map(({ partition, offset }, i) => {
    const at = `offsets[${i}]`;
    if (typeof partition !== 'object' || partition === null || Array.isArray(partition) || Object.keys(partition).length === 0) {
      throw badInput(`${at}.partition`, `${at}.partition must be a non-empty JSON object`);
    }
    if (offset !== null && (typeof offset !== 'object' || Array.isArray(offset))) throw badInput(`${at}.offset`, `${at}.offset must be a JSON object, or null to reset the partition`);
    if (connectorType === 'sink') {
      const p = partition as Record<string, unknown>;
      if (typeof p.kafka_topic !== 'string' || p.kafka_topic === '') throw badInput(`${at}.partition.kafka_topic`, 'sink offsets name the topic in partition.kafka_topic');
      if (!Number.isInteger(p.kafka_partition) || (p.kafka_partition as number) < 0) throw badInput(`${at}.partition.kafka_partition`, 'sink offsets need partition.kafka_partition, a number ≥ 0');
      if (offset !== null) {
        const o = (offset as Record<string, unknown>).kafka_offset;
        if (!Number.isInteger(o) || (o as number) < 0) throw badInput(`${at}.offset.kafka_offset`, 'sink offsets need offset.kafka_offset, a number ≥ 0 (or offset: null)');
      }
    }
    return { partition: partition as Record<string, unknown>, offset: offset as Record<string, unknown> | null };
  });
}

/** A validation answer with errors as BAD_USER_INPUT, one entry per config key (details.fields). */
export function invalidConfigError(fields: Array<{ field: string; messages: string[] }>): AppError {
  const count = fields.reduce((n, f) => n + f.messages.length, 0);
  const summary = fields.map((f) => `${f.field}: ${f.messages.join('; ')}`).join(' | ');
  return new AppError('BAD_USER_INPUT', `connector config is invalid (${count} error${count === 1 ? '' : 's'}): ${summary}`, {
    details: { field: fields[0]?.field ?? 'config', fields },
  });
}
