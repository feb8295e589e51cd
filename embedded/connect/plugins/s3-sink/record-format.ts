import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { DataException, LOGICAL, type ConnectSchema } from '../../data/schema';
import type { SinkRecord } from '../../data/record';
import { avroContainer } from './avro-container';
import { PARQUET_CODECS, type S3SinkConfig } from './s3-sink-config';

/** Turns the records of one file into its bytes: ParquetFormat through DuckDB, JsonFormat as JSON lines. */
export interface RecordFormat {
  extension: string;
  /** Throws DataException for a record this format cannot hold (checked as records arrive, before buffering). */
  check(record: SinkRecord): void;
  render(records: SinkRecord[]): Promise<Buffer>;
  close(): Promise<void>;
}

/** A Connect value as plain JSON, the way JsonConverter with schemas.enable=false writes it. */
export function plainJson(value: unknown, schema: ConnectSchema | null | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    if (schema?.name === LOGICAL.date) return Math.floor(value.getTime() / 86_400_000);
    if (schema?.name === LOGICAL.time) return value.getTime() % 86_400_000;
    return value.getTime();
  }
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (typeof value === 'bigint') return value;
  if (Array.isArray(value)) return value.map((v) => plainJson(v, schema?.items));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = plainJson(v, schema?.type === 'struct' ? schema.fields?.find((f) => f.field === k) : schema?.values);
    }
    return out;
  }
  return value;
}

/** JSON.stringify that keeps int64 values exact (bigint written as its digits). */
export function stringifyExact(value: unknown): string {
  const marks: string[] = [];
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v !== 'bigint') return v;
    marks.push(v.toString());
    return `\u0000${marks.length - 1}\u0000`;
  });
  return text.replace(/"\u0000(\d+)\u0000"/g, (_m, i: string) => marks[Number(i)]!);
}

class JsonFormat implements RecordFormat {
  readonly extension = '.json';
  check(): void {}
  async render(records: SinkRecord[]): Promise<Buffer> {
    return Buffer.from(records.map((r) => `${stringifyExact(plainJson(r.value, r.valueSchema))}\n`).join(''), 'utf8');
  }
  async close(): Promise<void> {}
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteString = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The DuckDB type a Connect schema is written as; logical types as parquet-avro writes them (millis, days, decimal). */
function duckType(schema: ConnectSchema): string {
  switch (schema.name) {
    case LOGICAL.timestamp:
      return 'TIMESTAMP_MS';
    case LOGICAL.date:
      return 'DATE';
    case LOGICAL.time:
      return 'TIME';
    case LOGICAL.decimal:
      return `DECIMAL(38, ${Number(schema.parameters?.scale ?? 0)})`;
  }
  switch (schema.type) {
    case 'int8':
      return 'TINYINT';
    case 'int16':
      return 'SMALLINT';
    case 'int32':
      return 'INTEGER';
    case 'int64':
      return 'BIGINT';
    case 'float32':
      return 'FLOAT';
    case 'float64':
      return 'DOUBLE';
    case 'boolean':
      return 'BOOLEAN';
    case 'string':
      return 'VARCHAR';
    case 'bytes':
      return 'BLOB';
    case 'array':
      return `${duckType(schema.items!)}[]`;
    case 'map':
      return `MAP(${duckType(schema.keys!)}, ${duckType(schema.values!)})`;
    case 'struct':
      return `STRUCT(${(schema.fields ?? []).map((f) => `${quoteIdent(f.field)} ${duckType(f)}`).join(', ')})`;
  }
}

/** How a top-level column travels through JSON (what read_json reads) and is cast back in SQL. */
function column(field: ConnectSchema & { field: string }): { jsonType: string; select: string } {
  const id = quoteIdent(field.field);
  switch (field.name) {
    case LOGICAL.timestamp:
      return { jsonType: 'BIGINT', select: `epoch_ms(${id})::TIMESTAMP_MS AS ${id}` };
    case LOGICAL.date:
      return { jsonType: 'INTEGER', select: `(DATE '1970-01-01' + ${id}) AS ${id}` };
    case LOGICAL.time:
      return { jsonType: 'BIGINT', select: `(TIME '00:00:00' + to_milliseconds(${id})) AS ${id}` };
    case LOGICAL.decimal:
      return { jsonType: 'VARCHAR', select: `${id}::${duckType(field)} AS ${id}` };
  }
  if (field.type === 'bytes') return { jsonType: 'VARCHAR', select: `from_base64(${id}) AS ${id}` };
  return { jsonType: duckType(field), select: id };
}

/**
 * ParquetFormat: needs records whose value schema is a Struct (as the real sink, which converts through AvroData);
 * the file is written by DuckDB's COPY … (FORMAT PARQUET) with the configured codec.
 */
class ParquetFormat implements RecordFormat {
  readonly extension: string;
  private connection: Promise<DuckDBConnection> | undefined;
  private instance: DuckDBInstance | undefined;

  constructor(private readonly codec: string, private readonly workDir: string) {
    this.extension = `${PARQUET_CODECS[codec]?.extension ?? ''}.parquet`;
  }

  check(record: SinkRecord): void {
    if (!record.valueSchema || record.valueSchema.type !== 'struct') {
      throw new DataException(
        `ParquetFormat requires records with a non-null Struct value schema, but found record at (topic='${record.topic}',partition=${record.kafkaPartition},offset=${record.kafkaOffset}) ` +
          `with ${record.valueSchema ? `a ${record.valueSchema.type.toUpperCase()} value schema` : 'a null value schema'}. ` +
          'Use a converter that provides schemas (JsonConverter with schemas.enable=true, or a Schema Registry converter).',
      );
    }
  }

  private connect(): Promise<DuckDBConnection> {
    this.connection ??= (async () => {
      this.instance = await DuckDBInstance.create(':memory:', { threads: '1' });
      const connection = await this.instance.connect();
      await connection.run("SET TimeZone = 'UTC'");
      return connection;
    })();
    return this.connection;
  }

  async render(records: SinkRecord[]): Promise<Buffer> {
    const schema = records[0]!.valueSchema!;
    const fields = schema.fields ?? [];
    const stem = join(this.workDir, randomBytes(8).toString('hex'));
    const input = `${stem}.json`;
    const output = `${stem}.parquet`;
    await fs.writeFile(input, records.map((r) => stringifyExact(plainJson(r.value, r.valueSchema))).join('\n'));
    try {
      const columns = fields.map(column);
      const jsonColumns = fields.map((f, i) => `${quoteString(f.field)}: ${quoteString(columns[i]!.jsonType)}`).join(', ');
      const connection = await this.connect();
      await connection.run(
        `COPY (SELECT ${columns.map((c) => c.select).join(', ')} FROM read_json(${quoteString(input)}, format = 'newline_delimited', columns = {${jsonColumns}})) ` +
          `TO ${quoteString(output)} (FORMAT PARQUET, COMPRESSION ${PARQUET_CODECS[this.codec]?.duckdb ?? 'snappy'})`,
      );
      return await fs.readFile(output);
    } finally {
      await fs.rm(input, { force: true });
      await fs.rm(output, { force: true });
    }
  }

  async close(): Promise<void> {
    if (this.connection) (await this.connection.catch(() => undefined))?.closeSync();
    this.instance?.closeSync();
  }
}

/** AvroFormat (avro.codec null): schema'd records only, one container file per object. */
class AvroFormat implements RecordFormat {
  readonly extension = '.avro';
  check(record: SinkRecord): void {
    if (!record.valueSchema) {
      throw new DataException(
        `AvroFormat requires records with a non-null value schema, but found record at (topic='${record.topic}',partition=${record.kafkaPartition},offset=${record.kafkaOffset}) with a null value schema.`,
      );
    }
  }
  async render(records: SinkRecord[]): Promise<Buffer> {
    return avroContainer(records[0]!.valueSchema!, records.map((r) => r.value));
  }
  async close(): Promise<void> {}
}

export function createRecordFormat(config: S3SinkConfig, workDir: string): RecordFormat {
  if (config.format === 'json') return new JsonFormat();
  if (config.format === 'avro') return new AvroFormat();
  return new ParquetFormat(config.parquetCodec, workDir);
}
