import { DataException } from '../data/schema';
import type { SyncConverter } from './converter';

/** org.apache.kafka.connect.converters.ByteArrayConverter: bytes through unchanged. */
export function createByteArrayConverter(): SyncConverter {
  return {
    toConnectData: (_topic, bytes) => ({ schema: { type: 'bytes', optional: true }, value: bytes }),
    fromConnectData: (_topic, schema, value) => {
      if (schema && schema.type !== 'bytes') throw new DataException(`Invalid schema type for ByteArrayConverter: ${schema.type.toUpperCase()}`);
      if (value === null || value === undefined) return null;
      if (!Buffer.isBuffer(value)) throw new DataException(`ByteArrayConverter is not compatible with objects of type ${typeof value}`);
      return value;
    },
  };
}
