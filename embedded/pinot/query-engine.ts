/**
 * The broker: Pinot SQL in, a Pinot-shaped BrokerResponse out. Errors never escape as HTTP failures; they are
 * reported in `exceptions` with Pinot's codes, as the broker has done historically (clients must check them on 200).
 */
import { randomUUID } from 'node:crypto';
import type { Catalog, TableEntry } from './catalog';
import { QueryInterruptedError, type DuckStore, type QueryResult } from './duck-store';
import { stringifyCell } from './json-exact';
import type { ColumnSpec, PinotDataType } from './pinot-schema';
import { defaultNullValue } from './pinot-schema';
import { PinotErrorCode, PinotSqlError } from './sql/pinot-sql-error';
import { DOCS_COLUMN, GROUPS_COLUMN, parseStatement, translate, type TranslatedQuery } from './sql/translate';

export interface TableRuntime {
  rowCount(): number;
  /** minConsumingFreshnessTimeMs contribution; undefined for tables without a consuming segment. */
  freshnessMs(): number | undefined;
}

export interface QueryEngineDeps {
  catalog: Catalog;
  store: DuckStore;
  runtime(table: string): TableRuntime | undefined;
  brokerId: string;
}

/** Pinot's broker default when the query sets no timeoutMs. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Pinot's default numGroupsLimit per server. */
export const DEFAULT_NUM_GROUPS_LIMIT = 100_000;

export interface BrokerResponse {
  /** The serialised JSON body (bigint kept exact). */
  body: string;
  exceptions: Array<{ errorCode: number; message: string }>;
}

export class QueryEngine {
  constructor(private readonly deps: QueryEngineDeps) {}

  async execute(sql: unknown, queryOptions: unknown): Promise<BrokerResponse> {
    const started = Date.now();
    const requestId = randomUUID();
    try {
      if (typeof sql !== 'string' || sql.trim() === '') throw new PinotSqlError(PinotErrorCode.JSON_PARSING, 'Failed to find "sql" in the request');
      const parsed = parseStatement(sql);
      const options = { ...parseQueryOptions(queryOptions), ...parsed.options };
      const nullHandling = options.enableNullHandling?.toLowerCase() === 'true';
      const translated = translate(parsed.tokens, {
        nowMs: started,
        nullHandling,
        resolveTable: (name) => this.deps.catalog.resolveTable(name),
      });
      const timeoutMs = positiveInt(options.timeoutMs, DEFAULT_TIMEOUT_MS);
      const result = await this.run(translated.sql, timeoutMs);
      return this.success(translated, result, { started, requestId, nullHandling, numGroupsLimit: positiveInt(options.numGroupsLimit, DEFAULT_NUM_GROUPS_LIMIT) });
    } catch (error) {
      const exception = toPinotException(error);
      const body = {
        exceptions: [exception],
        numServersQueried: 0,
        numServersResponded: 0,
        numDocsScanned: 0,
        totalDocs: 0,
        numGroupsLimitReached: false,
        timeUsedMs: Date.now() - started,
        requestId,
        brokerId: this.deps.brokerId,
      };
      return { body: JSON.stringify(body), exceptions: [exception] };
    }
  }

  private async run(sql: string, timeoutMs: number): Promise<QueryResult> {
    try {
      return await this.deps.store.query(sql, timeoutMs);
    } catch (error) {
      if (error instanceof QueryInterruptedError) {
        throw new PinotSqlError(PinotErrorCode.EXECUTION_TIMEOUT, `ExecutionTimeoutError: query timed out after ${timeoutMs} ms`);
      }
      throw fromDuckError(error as Error);
    }
  }

  private success(
    query: TranslatedQuery,
    result: QueryResult,
    context: { started: number; requestId: string; nullHandling: boolean; numGroupsLimit: number },
  ): BrokerResponse {
    const helperCount = query.helpers.length;
    const visible = result.columnNames.length - helperCount;
    const specs = this.columnSpecs(query);
    const hasStar = query.items.some((item) => item.star);
    const columns = result.columnNames.slice(0, visible).map((name, index) => {
      const echoed = hasStar ? specs.get(name) : query.items[index]?.column === undefined ? undefined : specs.get(query.items[index]!.column!);
      return { name, spec: echoed, type: echoed && !isMultiValue(echoed) ? echoed.dataType : pinotTypeOf(result.columnTypes[index]!) };
    });
    const rows = result.rows.map((row) => {
      const cells = columns.map((column, index) => {
        let value = row[index];
        if ((value === null || value === undefined) && column.spec && !context.nullHandling) value = defaultNullValue(column.spec as ColumnSpec);
        return stringifyCell(toPinotValue(value, column.type));
      });
      return `[${cells.join(',')}]`;
    });

    const first = result.rows[0];
    const helper = (name: string) => {
      const at = result.columnNames.indexOf(name, visible);
      return at >= 0 && first ? Number(first[at] ?? 0) : 0;
    };
    const docsScanned = query.shape === 'selection' ? result.rows.length : helper(DOCS_COLUMN);
    const groups = query.shape === 'groupBy' ? helper(GROUPS_COLUMN) : 0;
    const runtimes = query.tables.map((table) => this.deps.runtime(table)).filter((runtime): runtime is TableRuntime => !!runtime);
    const freshness = runtimes.map((runtime) => runtime.freshnessMs()).filter((ms): ms is number => ms !== undefined);
    const consuming = freshness.length;
    const envelope = {
      exceptions: [],
      numServersQueried: 1,
      numServersResponded: 1,
      numSegmentsQueried: query.tables.length,
      numSegmentsProcessed: query.tables.length,
      numSegmentsMatched: docsScanned > 0 ? query.tables.length : 0,
      numConsumingSegmentsQueried: consuming,
      numConsumingSegmentsProcessed: consuming,
      numConsumingSegmentsMatched: docsScanned > 0 ? consuming : 0,
      numDocsScanned: docsScanned,
      numEntriesScannedInFilter: 0,
      numEntriesScannedPostFilter: docsScanned * Math.max(1, visible),
      numGroupsLimitReached: groups > context.numGroupsLimit,
      partialResult: false,
      totalDocs: runtimes.reduce((sum, runtime) => sum + runtime.rowCount(), 0),
      timeUsedMs: Date.now() - context.started,
      minConsumingFreshnessTimeMs: freshness.length > 0 ? Math.min(...freshness) : 0,
      numRowsResultSet: result.rows.length,
      requestId: context.requestId,
      brokerId: this.deps.brokerId,
      segmentStatistics: [],
      traceInfo: {},
    };
    const dataSchema = { columnNames: columns.map((c) => c.name), columnDataTypes: columns.map((c) => c.type) };
    // Rows are serialised by hand so LONG values stay exact; the envelope is plain JSON.
    const body = `{"resultTable":{"dataSchema":${JSON.stringify(dataSchema)},"rows":[${rows.join(',')}]},${JSON.stringify(envelope).slice(1)}`;
    return { body, exceptions: [] };
  }

  private columnSpecs(query: TranslatedQuery): Map<string, ColumnSpec> {
    const specs = new Map<string, ColumnSpec>();
    for (const table of query.tables) {
      const entry: TableEntry | undefined = this.deps.catalog.tables.get(table);
      if (!entry) continue;
      for (const column of this.deps.catalog.columnsOf(entry)) {
        specs.set(column.name, column);
        if (!specs.has(column.name.toLowerCase())) specs.set(column.name.toLowerCase(), column);
      }
    }
    return specs;
  }
}

function isMultiValue(spec: { singleValueField?: boolean }): boolean {
  return spec.singleValueField === false;
}

/** `timeoutMs=5000;useMultistageEngine=true` (or an object, as some clients send) → map. */
export function parseQueryOptions(raw: unknown): Record<string, string> {
  const options: Record<string, string> = {};
  if (typeof raw === 'string') {
    for (const pair of raw.split(';')) {
      const at = pair.indexOf('=');
      if (at > 0) options[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
    }
  } else if (typeof raw === 'object' && raw !== null) {
    for (const [key, value] of Object.entries(raw)) options[key] = String(value);
  }
  return options;
}

function positiveInt(value: string | undefined, fallback: number): number {
  const number = Number(value);
  return value !== undefined && Number.isInteger(number) && number > 0 ? number : fallback;
}

export function pinotTypeOf(duckType: string): PinotDataType {
  if (/^(INTEGER|SMALLINT|TINYINT|UTINYINT|USMALLINT)$/.test(duckType)) return 'INT';
  if (/^(BIGINT|HUGEINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(duckType)) return 'LONG';
  if (duckType === 'FLOAT' || duckType === 'REAL') return 'FLOAT';
  if (duckType === 'DOUBLE') return 'DOUBLE';
  if (duckType.startsWith('DECIMAL')) return 'BIG_DECIMAL';
  if (duckType === 'BOOLEAN') return 'BOOLEAN';
  if (duckType === 'BLOB') return 'BYTES';
  if (duckType.startsWith('TIMESTAMP')) return 'TIMESTAMP';
  return 'STRING';
}

function toPinotValue(value: unknown, type: PinotDataType): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'LONG':
      return typeof value === 'bigint' ? value : typeof value === 'number' ? BigInt(Math.trunc(value)) : BigInt(String(value));
    case 'INT':
      return Number(value);
    case 'FLOAT':
    case 'DOUBLE':
      return typeof value === 'number' ? value : Number(value);
    case 'BOOLEAN':
      return Boolean(value);
    case 'TIMESTAMP':
      return typeof value === 'bigint' || typeof value === 'number' ? javaTimestampText(Number(value)) : String(value);
    case 'BIG_DECIMAL':
      return String(value).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
    case 'BYTES':
      return value instanceof Uint8Array ? Buffer.from(value).toString('hex') : Buffer.from(String(value)).toString('hex');
    default:
      return typeof value === 'string' ? value : String(value);
  }
}

/** java.sql.Timestamp#toString in UTC: `2024-01-05 10:00:00.0`, as Pinot renders TIMESTAMP columns. */
function javaTimestampText(ms: number): string {
  const iso = new Date(ms).toISOString();
  const fraction = iso.slice(20, 23).replace(/0+$/, '') || '0';
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${fraction}`;
}

/** DuckDB's error classes → Pinot's error codes and message style; DuckDB's SQL context lines are dropped. */
function fromDuckError(error: Error): PinotSqlError {
  const message = (error.message ?? String(error)).split('\n')[0]!;
  const column = /Referenced column "([^"]+)" not found/.exec(message);
  if (column) return new PinotSqlError(PinotErrorCode.UNKNOWN_COLUMN, `UnknownColumnError: Unknown columnName '${column[1]}' found in the query`);
  const table = /Table with name (\S+) does not exist/.exec(message);
  if (table) return new PinotSqlError(PinotErrorCode.TABLE_DOES_NOT_EXIST, `TableDoesNotExistError: Table ${table[1]} does not exist`);
  const fn = /(?:Scalar|Aggregate|Table) Function with name (\S+) does not exist/.exec(message);
  if (fn) return new PinotSqlError(PinotErrorCode.SQL_PARSING, `SQLParsingError: Unsupported function: ${fn[1]}`);
  if (message.startsWith('Parser Error')) return new PinotSqlError(PinotErrorCode.SQL_PARSING, `SQLParsingError: ${message.replace(/^Parser Error: /, '')}`);
  if (message.startsWith('Binder Error')) return new PinotSqlError(PinotErrorCode.QUERY_VALIDATION, `QueryValidationError: ${message.replace(/^Binder Error: /, '')}`);
  if (message.startsWith('Permission Error')) return new PinotSqlError(180, 'AccessDeniedError: access denied');
  if (message.includes('Interrupt')) return new PinotSqlError(PinotErrorCode.EXECUTION_TIMEOUT, 'ExecutionTimeoutError: query was interrupted');
  return new PinotSqlError(PinotErrorCode.QUERY_EXECUTION, `QueryExecutionError: ${message}`);
}

function toPinotException(error: unknown): { errorCode: number; message: string } {
  if (error instanceof PinotSqlError) return { errorCode: error.errorCode, message: error.message };
  return { errorCode: PinotErrorCode.INTERNAL, message: `InternalError: ${(error as Error)?.message ?? String(error)}` };
}
