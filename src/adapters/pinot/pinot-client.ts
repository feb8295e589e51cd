/**
 * The Pinot adapter: the broker's POST /query/sql and the controller's REST resources. The only code in pipegraph
 * that talks to Pinot; a production cluster and the embedded stand-in look the same from here.
 */
import type { Logger } from '../../logging/logger';
import { timeBackendCall } from '../../observability/metrics';
import { parseJsonExact } from './exact-json';
import { httpRequest, type HttpResponse } from '../http/http-json';
import { mapPinotExceptions, mapPinotHttpStatus, mapPinotTransportError, type PinotException } from './map-error';
import type { PinotColumn, PinotDataType, PinotQueryOptions, PinotQueryResult, PinotSchema, PinotTableConfigs, PinotTableSize } from './pinot-types';
import { AppError } from '../../errors/app-error';

export interface PinotClientOptions {
  brokerUrl: string;
  controllerUrl: string;
  /** Sent verbatim as the Authorization header (e.g. `Basic …`, `Bearer …`); never logged. */
  authorization?: string;
  /** Default broker timeoutMs; the HTTP wait is this plus a margin for the broker's own reply. Default 10 000. */
  queryTimeoutMs?: number;
  /** Controller calls give up after this. Default 5 000. */
  controllerTimeoutMs?: number;
  logger: Logger;
}

export interface PinotClient {
  query(sql: string, options?: PinotQueryOptions): Promise<PinotQueryResult>;
  listTables(): Promise<string[]>;
  tableConfigs(table: string): Promise<PinotTableConfigs>;
  tableSchema(table: string): Promise<PinotSchema>;
  schema(name: string): Promise<PinotSchema>;
  tableSize(table: string): Promise<PinotTableSize>;
  /** Controller write paths, used to provision the demo tables. ALREADY_EXISTS when the table exists. */
  addSchema(schema: PinotSchema): Promise<void>;
  addTable(config: Record<string, unknown>): Promise<void>;
  /** PUT /tables/{table}: replaces a table's config (NOT_FOUND when there is no such table). */
  updateTable(table: string, config: Record<string, unknown>): Promise<void>;
  /** GET /health on the controller (and the broker when it is elsewhere). */
  health(): Promise<{ ok: boolean; detail?: string }>;
}

/** Headroom over the broker-side timeout, so Pinot's own timeout error (with its code) arrives before ours. */
const HTTP_MARGIN_MS = 1_000;

interface BrokerBody {
  resultTable?: { dataSchema?: { columnNames?: string[]; columnDataTypes?: string[] }; rows?: unknown[][] };
  exceptions?: PinotException[];
  numDocsScanned?: number;
  totalDocs?: number;
  timeUsedMs?: number;
  numServersQueried?: number;
  numServersResponded?: number;
  numGroupsLimitReached?: boolean;
  minConsumingFreshnessTimeMs?: number | string;
  partialResult?: boolean;
}

export function createPinotClient(options: PinotClientOptions): PinotClient {
  const broker = new URL(options.brokerUrl);
  const queryUrl = new URL('/query/sql', broker);
  const controller = new URL(options.controllerUrl);
  const queryTimeoutMs = options.queryTimeoutMs ?? 10_000;
  const controllerTimeoutMs = options.controllerTimeoutMs ?? 5_000;
  const headers: Record<string, string> = options.authorization ? { authorization: options.authorization } : {};
  const logger = options.logger;

  async function call(operation: string, what: string, run: () => Promise<HttpResponse>): Promise<HttpResponse> {
    try {
      return await timeBackendCall('pinot', operation, run);
    } catch (error) {
      throw mapPinotTransportError(error, what);
    }
  }

  async function controllerGet<T>(path: string, what: string): Promise<T> {
    const response = await call(`GET ${path.split('/').slice(0, 2).join('/')}`, what, () =>
      httpRequest('GET', new URL(path, controller), { headers, timeoutMs: controllerTimeoutMs }),
    );
    if (response.status !== 200) throw mapPinotHttpStatus(response.status, response.text, response.headers['retry-after'], what);
    try {
      return JSON.parse(response.text) as T;
    } catch (error) {
      throw new AppError('UPSTREAM_REJECTED', `Pinot answered ${what} with invalid JSON`, { details: { upstream: 'pinot' }, cause: error });
    }
  }

  async function controllerWrite(method: 'POST' | 'PUT', path: string, body: unknown, what: string): Promise<void> {
    const response = await call(`${method} ${path.split('/').slice(0, 2).join('/')}`, what, () =>
      httpRequest(method, new URL(path, controller), { body: JSON.stringify(body), headers, timeoutMs: controllerTimeoutMs }),
    );
    if (response.status === 409) throw new AppError('ALREADY_EXISTS', `Pinot: ${what} already exists`, { details: { upstream: 'pinot' } });
    if (response.status !== 200) throw mapPinotHttpStatus(response.status, response.text, response.headers['retry-after'], what);
  }

  const segment = (name: string) => encodeURIComponent(name);

  return {
    async query(sql, queryOptions = {}) {
      const timeoutMs = queryOptions.timeoutMs ?? queryTimeoutMs;
      const pairs = { ...queryOptions.options, timeoutMs };
      const body = JSON.stringify({ sql, queryOptions: Object.entries(pairs).map(([key, value]) => `${key}=${value}`).join(';') });
      logger.debug({ sql, timeoutMs }, 'pinot query');
      const response = await call('query', 'the query', () =>
        httpRequest('POST', queryUrl, { body, headers, timeoutMs: timeoutMs + HTTP_MARGIN_MS, idempotent: true }),
      );
      let parsed: BrokerBody | undefined;
      try {
        parsed = parseJsonExact(response.text) as BrokerBody;
      } catch {
        parsed = undefined;
      }
      // Newer brokers map exception codes onto HTTP statuses; older ones answer 200. The exceptions decide either way.
      if (parsed?.exceptions && parsed.exceptions.length > 0) throw mapPinotExceptions(parsed.exceptions);
      if (response.status !== 200) throw mapPinotHttpStatus(response.status, response.text, response.headers['retry-after'], 'the query');
      if (!parsed) throw new AppError('UPSTREAM_REJECTED', 'Pinot answered the query with invalid JSON', { details: { upstream: 'pinot' } });
      return toQueryResult(parsed);
    },
    async listTables() {
      const body = await controllerGet<{ tables?: string[] }>('/tables', 'the table list');
      return body.tables ?? [];
    },
    tableConfigs: (table) => controllerGet<PinotTableConfigs>(`/tables/${segment(table)}`, `table ${table}`),
    tableSchema: (table) => controllerGet<PinotSchema>(`/tables/${segment(table)}/schema`, `the schema of table ${table}`),
    schema: (name) => controllerGet<PinotSchema>(`/schemas/${segment(name)}`, `schema ${name}`),
    tableSize: (table) => controllerGet<PinotTableSize>(`/tables/${segment(table)}/size`, `the size of table ${table}`),
    addSchema: (schema) => controllerWrite('POST', '/schemas', schema, `schema ${schema.schemaName}`),
    addTable: (config) => controllerWrite('POST', '/tables', config, `table ${String(config.tableName)}`),
    updateTable: (table, config) => controllerWrite('PUT', `/tables/${segment(table)}`, config, `table ${table}`),
    async health() {
      const targets = controller.origin === broker.origin ? [controller] : [controller, broker];
      for (const base of targets) {
        try {
          const response = await timeBackendCall('pinot', 'health', () => httpRequest('GET', new URL('/health', base), { headers, timeoutMs: controllerTimeoutMs }));
          if (response.status !== 200) return { ok: false, detail: `${base.origin}/health answered HTTP ${response.status}` };
        } catch (error) {
          return { ok: false, detail: `${base.origin}/health: ${(error as Error).message}` };
        }
      }
      return { ok: true };
    },
  };
}

function toQueryResult(body: BrokerBody): PinotQueryResult {
  const schema = body.resultTable?.dataSchema;
  const names = schema?.columnNames ?? [];
  const types = schema?.columnDataTypes ?? [];
  const columns: PinotColumn[] = names.map((name, index) => ({ name, type: (types[index] ?? 'UNKNOWN') as PinotDataType }));
  const queried = Number(body.numServersQueried ?? 0);
  const responded = Number(body.numServersResponded ?? 0);
  const freshness = Number(body.minConsumingFreshnessTimeMs ?? 0);
  return {
    columns,
    rows: body.resultTable?.rows ?? [],
    stats: {
      docsScanned: Number(body.numDocsScanned ?? 0),
      totalDocs: Number(body.totalDocs ?? 0),
      timeUsedMs: Number(body.timeUsedMs ?? 0),
      serversQueried: queried,
      serversResponded: responded,
      partial: responded < queried || body.partialResult === true,
      groupsLimitReached: body.numGroupsLimitReached === true,
      // Pinot reports 0 (no consuming segments) or Long.MAX_VALUE-like sentinels when it has no freshness to give.
      freshAsOfMs: freshness > 0 && freshness < 8.64e15 ? freshness : undefined,
    },
  };
}
