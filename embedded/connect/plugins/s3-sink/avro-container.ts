import { randomBytes } from 'node:crypto';
import { DataException, LOGICAL, type ConnectSchema } from '../../data/schema';

/**
 * AvroFormat's files: an Avro object container file (spec 1.11, codec null) whose schema is the Connect schema
 * converted as Confluent's AvroData does — unnamed structs become `io.confluent.connect.avro.ConnectDefault`, optional
 * fields a ["null", T] union defaulting to null, Timestamp/Date/Decimal their Avro logical types.
 */
type AvroSchema = string | Record<string, unknown> | AvroSchema[];

export function avroSchemaOf(schema: ConnectSchema, names = { next: 1 }): AvroSchema {
  const base = ((): AvroSchema => {
    switch (schema.name) {
      case LOGICAL.timestamp:
        return { type: 'long', 'connect.name': LOGICAL.timestamp, logicalType: 'timestamp-millis', 'connect.version': 1 };
      case LOGICAL.date:
        return { type: 'int', 'connect.name': LOGICAL.date, logicalType: 'date', 'connect.version': 1 };
      case LOGICAL.time:
        return { type: 'int', 'connect.name': LOGICAL.time, logicalType: 'time-millis', 'connect.version': 1 };
      case LOGICAL.decimal:
        throw new DataException('AvroFormat in this embedded sink does not write Decimal fields');
    }
    switch (schema.type) {
      case 'int8':
        return { type: 'int', 'connect.type': 'int8' };
      case 'int16':
        return { type: 'int', 'connect.type': 'int16' };
      case 'int32':
        return 'int';
      case 'int64':
        return 'long';
      case 'float32':
        return 'float';
      case 'float64':
        return 'double';
      case 'boolean':
        return 'boolean';
      case 'string':
        return 'string';
      case 'bytes':
        return 'bytes';
      case 'array':
        return { type: 'array', items: avroSchemaOf(schema.items!, names) };
      case 'map':
        if (schema.keys!.type !== 'string') throw new DataException('AvroFormat in this embedded sink writes only maps with string keys');
        return { type: 'map', values: avroSchemaOf(schema.values!, names) };
      case 'struct': {
        const named = schema.name ? { name: schema.name.slice(schema.name.lastIndexOf('.') + 1), namespace: schema.name.includes('.') ? schema.name.slice(0, schema.name.lastIndexOf('.')) : undefined } : null;
        const name = named?.name ?? (names.next++ === 1 ? 'ConnectDefault' : `ConnectDefault${names.next - 1}`);
        return {
          type: 'record',
          name,
          namespace: named ? named.namespace : 'io.confluent.connect.avro',
          fields: (schema.fields ?? []).map((f) => ({ name: f.field, type: avroSchemaOf(f, names), ...(f.optional ? { default: null } : {}) })),
        };
      }
    }
  })();
  return schema.optional ? ['null', base] : base;
}

function zigzag(value: number | bigint): Buffer {
  let n = (BigInt(value) << 1n) ^ (BigInt(value) >> 63n);
  n = BigInt.asUintN(64, n);
  const bytes: number[] = [];
  while (n >= 0x80n) {
    bytes.push(Number((n & 0x7fn) | 0x80n));
    n >>= 7n;
  }
  bytes.push(Number(n));
  return Buffer.from(bytes);
}

const withLength = (bytes: Buffer) => Buffer.concat([zigzag(bytes.length), bytes]);

/** Avro binary encoding of a value of a Connect schema. */
function encode(schema: ConnectSchema, value: unknown, out: Buffer[]): void {
  if (schema.optional) {
    if (value === null || value === undefined) {
      out.push(zigzag(0));
      return;
    }
    out.push(zigzag(1));
  } else if (value === null || value === undefined) {
    throw new DataException(`Invalid null value for required ${schema.type.toUpperCase()} field`);
  }
  if (value instanceof Date) {
    out.push(zigzag(schema.name === LOGICAL.date ? Math.floor(value.getTime() / 86_400_000) : schema.name === LOGICAL.time ? value.getTime() % 86_400_000 : value.getTime()));
    return;
  }
  switch (schema.type) {
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
      out.push(zigzag(typeof value === 'bigint' ? value : Math.trunc(Number(value))));
      return;
    case 'float32': {
      const b = Buffer.alloc(4);
      b.writeFloatLE(Number(value));
      out.push(b);
      return;
    }
    case 'float64': {
      const b = Buffer.alloc(8);
      b.writeDoubleLE(Number(value));
      out.push(b);
      return;
    }
    case 'boolean':
      out.push(Buffer.from([value ? 1 : 0]));
      return;
    case 'string':
      out.push(withLength(Buffer.from(String(value), 'utf8')));
      return;
    case 'bytes':
      out.push(withLength(Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'base64')));
      return;
    case 'array': {
      const items = value as unknown[];
      if (items.length > 0) {
        out.push(zigzag(items.length));
        for (const item of items) encode(schema.items!, item, out);
      }
      out.push(zigzag(0));
      return;
    }
    case 'map': {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length > 0) {
        out.push(zigzag(entries.length));
        for (const [k, v] of entries) {
          out.push(withLength(Buffer.from(k, 'utf8')));
          encode(schema.values!, v, out);
        }
      }
      out.push(zigzag(0));
      return;
    }
    case 'struct':
      for (const f of schema.fields ?? []) encode(f, (value as Record<string, unknown>)[f.field], out);
  }
}

/** One container file holding `values`, all of `schema`: header (magic, metadata, sync marker) and one data block. */
export function avroContainer(schema: ConnectSchema, values: unknown[]): Buffer {
  const sync = randomBytes(16);
  const metadata = [
    ['avro.schema', JSON.stringify(avroSchemaOf(schema))],
    ['avro.codec', 'null'],
  ] as const;
  const header = [Buffer.from('Obj\x01', 'latin1'), zigzag(metadata.length)];
  for (const [k, v] of metadata) header.push(withLength(Buffer.from(k)), withLength(Buffer.from(v)));
  header.push(zigzag(0), sync);
  const data: Buffer[] = [];
  for (const value of values) encode(schema, value, data);
  const block = Buffer.concat(data);
  return Buffer.concat([...header, zigzag(values.length), zigzag(block.length), block, sync]);
}
