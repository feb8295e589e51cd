import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { AppError } from '../../errors/app-error';
import type { ObjectPreview } from '../../services/lake/lake-port';

/** What kind of file a sink wrote, from the name Confluent's formats give it. */
export function formatOfKey(key: string): 'PARQUET' | 'JSON' | 'JSON_GZIP' | null {
  if (key.endsWith('.parquet')) return 'PARQUET';
  if (key.endsWith('.json')) return 'JSON';
  if (key.endsWith('.json.gz')) return 'JSON_GZIP';
  return null;
}

/** A DuckDB value as JSON: exact 64-bit integers as strings beyond 2^53, dates and timestamps as ISO text. */
function jsonSafe(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'object') {
    const entries = (value as { entries?: unknown }).entries;
    if (Array.isArray(entries)) return Object.fromEntries(entries.map((e: { key: unknown; value: unknown }) => [String(e.key), jsonSafe(e.value)]));
    const items = (value as { items?: unknown }).items;
    if (Array.isArray(items)) return items.map(jsonSafe);
    const constructor = (value as object).constructor?.name ?? '';
    if (/^DuckDB(Timestamp|Date|Time)/.test(constructor)) return timestampText(String(value));
    if (constructor === 'DuckDBBlobValue') return Buffer.from((value as { bytes: Uint8Array }).bytes).toString('base64');
    if (/^DuckDB/.test(constructor) && !(value as { entries?: unknown }).entries) return String(value);
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, jsonSafe(v)]));
  }
  return String(value);
}

/** `2026-01-01 10:00:00.001` → `2026-01-01T10:00:00.001Z` (the lake's timestamps are UTC). */
function timestampText(text: string): string {
  return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(text) ? `${text.replace(' ', 'T')}Z` : text;
}

/** Reads the first rows of a Parquet file with DuckDB, from a private temporary file. */
async function previewParquet(data: Buffer, limit: number): Promise<ObjectPreview> {
  const file = join(tmpdir(), `pipegraph-preview-${randomBytes(8).toString('hex')}.parquet`);
  await fs.writeFile(file, data, { mode: 0o600 });
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    const source = `read_parquet('${file.replace(/'/g, "''")}')`;
    const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    const columns = described.getRows().map((row) => ({ name: String(row[0]), type: String(row[1]) }));
    const reader = await connection.runAndReadAll(`SELECT * FROM ${source} LIMIT ${limit}`);
    const names = reader.columnNames();
    const rows = reader.getRows().map((row) => Object.fromEntries(names.map((name, i) => [name, jsonSafe(row[i])])));
    return { format: 'PARQUET', columns, rows };
  } catch (error) {
    throw new AppError('UPSTREAM_REJECTED', `The object is not a readable Parquet file: ${(error as Error).message.split('\n')[0]}`, { details: { upstream: 's3' } });
  } finally {
    connection.closeSync();
    instance.closeSync();
    await fs.rm(file, { force: true });
  }
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** JSON lines (JsonFormat): one value per line; columns are the union of the first rows' fields with their JSON types. */
function previewJsonLines(text: string, limit: number): ObjectPreview {
  const rows: Array<Record<string, unknown>> = [];
  const types = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    if (rows.length >= limit) break;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new AppError('UPSTREAM_REJECTED', `The object is not JSON lines (line ${rows.length + 1} does not parse)`, { details: { upstream: 's3' } });
    }
    const row = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
    for (const [name, v] of Object.entries(row)) {
      if (!types.has(name)) types.set(name, new Set());
      types.get(name)!.add(jsonType(v));
    }
    rows.push(row);
  }
  return { format: 'JSON', columns: [...types].map(([name, t]) => ({ name, type: [...t].sort().join('|') })), rows };
}

export async function decodePreview(key: string, data: Buffer, limit: number): Promise<ObjectPreview> {
  const format = formatOfKey(key);
  if (format === 'PARQUET') return previewParquet(data, limit);
  if (format === 'JSON') return previewJsonLines(data.toString('utf8'), limit);
  if (format === 'JSON_GZIP') return previewJsonLines(gunzipSync(data).toString('utf8'), limit);
  throw new AppError('BAD_USER_INPUT', `Only Parquet (.parquet) and JSON (.json, .json.gz) objects can be previewed: "${key}"`, { details: { field: 'key' } });
}
