import type { SyncConverter } from './converter';

/** org.apache.kafka.connect.storage.StringConverter: UTF-8 text with an optional string schema. */
export function createStringConverter(props: Record<string, string>): SyncConverter {
  const encoding = (props['converter.encoding'] ?? 'UTF-8').toLowerCase().replace('-', '') === 'utf8' ? 'utf8' : 'latin1';
  return {
    toConnectData: (_topic, bytes) => ({ schema: { type: 'string', optional: true }, value: bytes === null ? null : bytes.toString(encoding) }),
    fromConnectData: (_topic, _schema, value) => {
      if (value === null || value === undefined) return null;
      if (Buffer.isBuffer(value)) return value;
      return Buffer.from(typeof value === 'object' && !(value instanceof Date) ? JSON.stringify(value) : String(value instanceof Date ? value.getTime() : value), encoding);
    },
  };
}
