import pino from 'pino';
import { createPinotClient, type PinotClient } from '../../../src/adapters/pinot';
import { AppError } from '../../../src/errors/app-error';
import { createLeftovers } from '../../helpers/leftovers';
import { waitFor } from '../../helpers/wait-for';
import { startPinotStack, stockSchema, stockTable, type PinotStack } from '../../conformance/pinot/pinot-fixture';

const leftovers = createLeftovers();
let stack: PinotStack;
let pinot: PinotClient;

beforeAll(async () => {
  stack = await startPinotStack(leftovers, ['stock_transactions']);
  pinot = createPinotClient({ brokerUrl: stack.url, controllerUrl: stack.url, logger: pino({ level: 'silent' }) });
  await pinot.addSchema(stockSchema as never);
  await pinot.addTable(stockTable);
  await stack.produce('stock_transactions', [
    { id: 'a', user_id: 1, symbol: 'AAPL', shares: 10, purchase: true, update_at: Date.now() },
    { id: 'b', user_id: 2, symbol: 'MSFT', shares: 7, purchase: false, update_at: Date.now() },
  ]);
  await waitFor(async () => (await pinot.query('SELECT COUNT(*) AS n FROM stock_transactions')).rows[0]?.[0] === 2, { what: 'ingestion' });
});
afterAll(() => leftovers.drain());

describe('Pinot adapter against the embedded Pinot', () => {
  it('runs the canonical query and returns Pinot types and stats', async () => {
    const result = await pinot.query('SELECT symbol, SUM(shares) AS total_shares FROM stock_transactions GROUP BY symbol ORDER BY total_shares DESC LIMIT 10');
    expect(result.columns).toEqual([{ name: 'symbol', type: 'STRING' }, { name: 'total_shares', type: 'DOUBLE' }]);
    expect(result.rows).toEqual([['AAPL', 10], ['MSFT', 7]]);
    expect(result.stats).toMatchObject({ docsScanned: 2, totalDocs: 2, partial: false, groupsLimitReached: false });
    expect(result.stats.freshAsOfMs).toBeGreaterThan(Date.now() - 60_000);
  });

  it('reads controller resources', async () => {
    expect(await pinot.listTables()).toEqual(['stock_transactions']);
    expect((await pinot.tableSchema('stock_transactions')).schemaName).toBe('stock_transactions');
    expect((await pinot.tableConfigs('stock_transactions')).REALTIME?.segmentsConfig?.timeColumnName).toBe('update_at');
    expect((await pinot.tableSize('stock_transactions')).reportedSizeInBytes).toBeGreaterThan(0);
    expect(await pinot.health()).toEqual({ ok: true });
  });

  it('maps the embedded broker errors to public codes', async () => {
    const codeOf = (sql: string) => pinot.query(sql).then(() => 'ok', (error: AppError) => `${error.code}:${String(error.details?.field ?? '')}`);
    expect(await codeOf('SELECT nope FROM stock_transactions')).toBe('BAD_USER_INPUT:column');
    expect(await codeOf('SELECT 1 FROM nope')).toBe('BAD_USER_INPUT:table');
    expect(await codeOf('SELEC 1')).toBe('UPSTREAM_REJECTED:');
    expect(await codeOf('SELECT 9007199254740993 AS big FROM stock_transactions LIMIT 1')).toBe('ok');
    expect((await pinot.query('SELECT CAST(9007199254740993 AS LONG) AS big FROM stock_transactions LIMIT 1')).rows).toEqual([['9007199254740993']]);
  });
});
