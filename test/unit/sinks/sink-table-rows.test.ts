import { AppError } from '../../../src/errors/app-error';
import { sortKey } from '../../../src/services/sinks/sink-table-rows';
import { fakeService, readingsTable } from './fakes';

const noKey = { schema: 'public', name: 'no_key', primaryKey: [], columns: [readingsTable.columns[0]!] };
const hidden = { ...readingsTable, name: 'audit_log' };

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('sortKey', () => {
  it('is the primary key ascending by default', () => {
    expect(sortKey(readingsTable, [])).toEqual([
      { name: 'site', direction: 'ASC', nullable: false },
      { name: 'id', direction: 'ASC', nullable: false },
    ]);
  });

  it('appends the missing primary key columns in the last requested direction', () => {
    expect(sortKey(readingsTable, [{ column: 'at', direction: 'DESC' }, { column: 'id', direction: 'DESC' }])).toEqual([
      { name: 'at', direction: 'DESC', nullable: true },
      { name: 'id', direction: 'DESC', nullable: false },
      { name: 'site', direction: 'DESC', nullable: false },
    ]);
  });

  it('refuses unknown, unsortable and repeated columns naming the orderBy entry', () => {
    expect(() => sortKey(readingsTable, [{ column: 'nope' }])).toThrow('unknown column "nope" in table "readings"');
    expect(() => sortKey(readingsTable, [{ column: 'doc' }])).toThrow('cannot be used in orderBy');
    try {
      sortKey(readingsTable, [{ column: 'ok' }, { column: 'ok' }]);
    } catch (error) {
      expect((error as AppError).details).toMatchObject({ field: 'orderBy[1].column' });
    }
  });
});

describe('sinkTableRows service', () => {
  it('queries the catalog table with its sort key, output columns and one extra row', async () => {
    const { service, calls } = fakeService({ tables: [readingsTable] });
    const page = await service.sinkTableRows({ table: 'readings', where: { site: { _eq: 'a' } }, first: 2 });
    const query = calls.find((c) => c.method === 'rows.findPage')!.args;
    expect(query).toMatchObject({ schema: 'public', table: 'readings', limit: 3, filter: { kind: 'compare', column: 'site' } });
    expect(query.columns.filter((c: { asText: boolean }) => c.asText).map((c: { name: string }) => c.name)).toEqual(['id', 'value']);
    expect(page.edges).toHaveLength(2);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.totalCount).toBeUndefined();
  });

  it('continues from its own cursor and counts only when asked', async () => {
    const { service, calls } = fakeService({ tables: [readingsTable] });
    const first = await service.sinkTableRows({ table: 'readings', first: 1 });
    const next = await service.sinkTableRows({ table: 'readings', first: 1, after: first.pageInfo.endCursor, withTotalCount: true });
    expect(calls.filter((c) => c.method === 'rows.findPage')[1]!.args.after).toEqual(['0', '0']);
    expect(next.totalCount).toBe(3);
    expect(next.pageInfo.hasPreviousPage).toBe(true);
  });

  it('refuses unknown, hidden and keyless tables and foreign cursors without querying rows', async () => {
    const { service, calls } = fakeService({ tables: [readingsTable, noKey, hidden] }, { hiddenTables: ['audit_log'] });
    expect((await service.sinkTables()).map((t) => t.name)).toEqual(['no_key', 'readings']);
    expect((await rejection(service.sinkTableRows({ table: 'nope' }))).details).toEqual({ field: 'table', table: 'nope' });
    expect((await rejection(service.sinkTableRows({ table: 'audit_log' }))).details).toMatchObject({ field: 'table' });
    expect((await rejection(service.sinkTableRows({ table: 'no_key' }))).message).toContain('no primary key');
    const first = await service.sinkTableRows({ table: 'readings', first: 1 });
    calls.length = 0;
    const error = await rejection(service.sinkTableRows({ table: 'readings', orderBy: [{ column: 'at' }], after: first.pageInfo.endCursor }));
    expect(error.details).toEqual({ field: 'after' });
    expect(calls.filter((c) => c.method.startsWith('rows.'))).toEqual([]);
  });
});
