import { AppError } from '../../../src/errors/app-error';
import type { SinksService } from '../../../src/services/sinks';
import { createLeftovers } from '../../helpers/leftovers';
import { event, openSinkDatabase, type SinkDatabase } from './sink-database';

const leftovers = createLeftovers();
let db: SinkDatabase;
let sinks: SinksService;

// 20 readings: every column type the operators care about, with NULLs in `note` and `value` to exercise keyset on NULLs.
beforeAll(async () => {
  db = await openSinkDatabase();
  leftovers.add(() => db.close());
  sinks = db.service({ hiddenTables: ['audit_log'], maxPageSize: 100 });
  await db.pool.query(`
    CREATE TABLE readings (
      id bigint PRIMARY KEY, sensor text NOT NULL, value numeric(10,2), taken_at timestamptz NOT NULL, ok boolean NOT NULL,
      tags text[], payload jsonb, note text, address inet
    );
    INSERT INTO readings
    SELECT i, 'sensor-' || (i % 4), CASE WHEN i % 5 = 0 THEN NULL ELSE i * 1.25 END,
           timestamptz '2025-02-01 00:00:00+00' + i * interval '1 hour', i % 2 = 0, ARRAY['t' || (i % 3)],
           jsonb_build_object('n', i), CASE WHEN i % 3 = 0 THEN NULL ELSE 'note_' || (i % 6) END, ('10.0.0.' || i)::inet
    FROM generate_series(1, 20) AS i;
    INSERT INTO readings (id, sensor, taken_at, ok) VALUES (9007199254740993, 'big', '2025-03-01Z', true);
    CREATE TABLE "odd ""name""" ("we""ird" int PRIMARY KEY, "r" text);
    INSERT INTO "odd ""name""" VALUES (1, 'a'), (2, 'b');
    CREATE TABLE no_key (a int);
  `);
  await db.insertEvents([event(Date.UTC(2025, 0, 1), 5), event(Date.UTC(2025, 0, 1), 6), event(Date.UTC(2025, 0, 2), 5)]);
});
afterAll(() => leftovers.drain());

async function ids(where: Record<string, unknown>): Promise<number[]> {
  const page = await sinks.sinkTableRows({ table: 'readings', where, first: 100 });
  return page.edges.map((e) => Number(e.node.id));
}

async function expectIds(where: Record<string, unknown>, sqlCondition: string) {
  const { rows } = await db.pool.query(`SELECT id::text FROM readings WHERE ${sqlCondition} ORDER BY readings.id`);
  expect(await ids(where)).toEqual(rows.map((r) => Number(r.id)));
}

async function badInput(call: Promise<unknown>): Promise<AppError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('BAD_USER_INPUT');
  return error as AppError;
}

describe('sinkTables', () => {
  it('lists the sink schema’s tables with columns, types, nullability and primary keys, hiding bookkeeping tables', async () => {
    const tables = await sinks.sinkTables();
    const names = tables.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['clickstream_events', 'devices', 'no_key', 'odd "name"', 'readings', 'urls', 'users']));
    expect(names).not.toContain('schema_migrations');
    expect(names).not.toContain('audit_log');
    const events = tables.find((t) => t.name === 'clickstream_events')!;
    expect(events.primaryKey).toEqual(['user_id', 'timestamp']);
    expect(events.columns.find((c) => c.name === 'timestamp')).toMatchObject({ dataType: 'timestamp with time zone', nullable: false, primaryKeyPosition: 2 });
    expect(events.columns.find((c) => c.name === 'url_category')).toMatchObject({ dataType: 'text', nullable: true, primaryKeyPosition: null });
    const readings = tables.find((t) => t.name === 'readings')!;
    expect(readings.columns.map((c) => [c.name, c.dataType])).toEqual([
      ['id', 'bigint'],
      ['sensor', 'text'],
      ['value', 'numeric(10,2)'],
      ['taken_at', 'timestamp with time zone'],
      ['ok', 'boolean'],
      ['tags', 'text[]'],
      ['payload', 'jsonb'],
      ['note', 'text'],
      ['address', 'inet'],
    ]);
    expect(tables.find((t) => t.name === 'no_key')!.primaryKey).toEqual([]);
  });

  it('finds a table created after the catalog was cached', async () => {
    let clock = 0;
    const cached = db.service({ catalogCacheMs: 60_000, now: () => clock });
    await cached.sinkTables();
    await db.pool.query(`CREATE TABLE late_arrival (id int PRIMARY KEY)`);
    await badInput(cached.sinkTableRows({ table: 'late_arrival' })); // a miss refreshes at most once a second
    clock += 1_500;
    const page = await cached.sinkTableRows({ table: 'late_arrival' });
    expect(page.edges).toEqual([]);
  });
});

describe('sinkTableRows', () => {
  it('renders rows as JSON with bigint and numeric as exact strings and timestamps as ISO 8601', async () => {
    const page = await sinks.sinkTableRows({ table: 'readings', where: { id: { _in: [4, '9007199254740993'] } } });
    expect(page.edges.map((e) => e.node)).toEqual([
      {
        id: '4',
        sensor: 'sensor-0',
        value: '5.00',
        taken_at: '2025-02-01T04:00:00+00:00',
        ok: true,
        tags: ['t1'],
        payload: { n: 4 },
        note: 'note_4',
        address: '10.0.0.4',
      },
      expect.objectContaining({ id: '9007199254740993', value: null, note: null }),
    ]);
  });

  it('applies every comparison, list, pattern and null operator', async () => {
    await expectIds({ sensor: { _eq: 'sensor-1' } }, `sensor = 'sensor-1'`);
    await expectIds({ sensor: { _neq: 'sensor-1' } }, `sensor <> 'sensor-1'`);
    await expectIds({ value: { _gt: 10 } }, `value > 10`);
    await expectIds({ value: { _gte: '10.00' } }, `value >= 10`);
    await expectIds({ id: { _lt: 5 } }, `id < 5`);
    await expectIds({ taken_at: { _lte: '2025-02-01T03:00:00Z' } }, `taken_at <= '2025-02-01T03:00:00Z'`);
    await expectIds({ id: { _in: [1, 2, 3] } }, `id IN (1, 2, 3)`);
    await expectIds({ id: { _nin: [1, 2, 3] } }, `id NOT IN (1, 2, 3)`);
    await expectIds({ id: { _in: [] } }, `false`);
    await expectIds({ note: { _like: 'note\\_1%' } }, `note LIKE 'note\\_1%'`);
    await expectIds({ sensor: { _ilike: 'SENSOR-2' } }, `sensor ILIKE 'SENSOR-2'`);
    await expectIds({ note: { _is_null: true } }, `note IS NULL`);
    await expectIds({ note: { _is_null: false } }, `note IS NOT NULL`);
    await expectIds({ ok: { _eq: false } }, `NOT ok`);
    await expectIds({ payload: { _eq: { n: 7 } } }, `payload = '{"n": 7}'`);
    await expectIds({ address: { _eq: '10.0.0.9' } }, `address = '10.0.0.9'`);
  });

  it('combines conditions with implicit AND, _and, _or and _not', async () => {
    await expectIds({ sensor: { _eq: 'sensor-1' }, id: { _gt: 5, _lt: 15 } }, `sensor = 'sensor-1' AND id > 5 AND id < 15`);
    await expectIds({ _and: [{ ok: { _eq: true } }, { id: { _lte: 10 } }] }, `ok AND id <= 10`);
    await expectIds({ _or: [{ id: { _eq: 1 } }, { sensor: { _eq: 'sensor-3' } }] }, `id = 1 OR sensor = 'sensor-3'`);
    await expectIds({ _not: { value: { _is_null: true } } }, `NOT (value IS NULL)`);
    await expectIds(
      { _or: [{ _and: [{ ok: { _eq: true } }, { _not: { note: { _is_null: true } } }] }, { id: { _in: [3, 15] } }] },
      `(ok AND note IS NOT NULL) OR id IN (3, 15)`,
    );
    await expectIds({ _or: [] }, `false`);
    await expectIds({ _and: [] }, `true`);
  });

  it('pages on the primary key by default and on any sortable column with NULLs, each row exactly once', async () => {
    const all = async (orderBy: Array<{ column: string; direction?: 'ASC' | 'DESC' }>, pageSize: number) => {
      const out: string[] = [];
      let after: string | null = null;
      for (let guard = 0; guard < 50; guard++) {
        const page: Awaited<ReturnType<SinksService['sinkTableRows']>> = await sinks.sinkTableRows({ table: 'readings', orderBy, first: pageSize, after });
        out.push(...page.edges.map((e) => String(e.node.id)));
        if (!page.pageInfo.hasNextPage) return out;
        after = page.pageInfo.endCursor;
      }
      throw new Error('did not terminate');
    };
    const expected = async (orderSql: string) => (await db.pool.query(`SELECT id::text AS key FROM readings ORDER BY ${orderSql}`)).rows.map((r) => r.key);
    expect(await all([], 6)).toEqual(await expected('id'));
    expect(await all([{ column: 'note' }], 4)).toEqual(await expected('note ASC NULLS LAST, id ASC'));
    expect(await all([{ column: 'note', direction: 'DESC' }], 4)).toEqual(await expected('note DESC NULLS FIRST, id DESC'));
    expect(await all([{ column: 'value', direction: 'DESC' }, { column: 'sensor' }], 3)).toEqual(
      await expected('value DESC NULLS FIRST, sensor ASC, id ASC'),
    );
    expect(await all([{ column: 'ok' }, { column: 'taken_at', direction: 'DESC' }], 5)).toEqual(await expected('ok, taken_at DESC, id DESC'));
  });

  it('keeps pages stable while rows are inserted before and after the cursor', async () => {
    const seen: string[] = [];
    const added: string[] = [];
    let after: string | null = null;
    for (let i = 0; ; i++) {
      const page: Awaited<ReturnType<SinksService['sinkTableRows']>> = await sinks.sinkTableRows({ table: 'readings', where: { id: { _lt: 1_000 } }, first: 5, after });
      seen.push(...page.edges.map((e) => String(e.node.id)));
      // Before the cursor (never shown, never shifting anything) and after it (shown once, in key order).
      await db.pool.query(`INSERT INTO readings (id, sensor, taken_at, ok) VALUES ($1, 'late', now(), true), ($2, 'late', now(), true)`, [-1 - i, 500 + i]);
      added.push(String(500 + i));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const original = Array.from({ length: 20 }, (_, i) => String(i + 1));
    expect(seen).toEqual([...original, ...added.slice(0, -1)]);
    await db.pool.query(`DELETE FROM readings WHERE sensor = 'late'`);
  });

  it('pages a composite primary key and counts only when asked', async () => {
    const first = await sinks.sinkTableRows({ table: 'clickstream_events', first: 2, withTotalCount: true });
    expect(first.totalCount).toBe(3);
    expect(first.edges.map((e) => [e.node.user_id, e.node.timestamp])).toEqual([
      [5, '2025-01-01T00:00:00+00:00'],
      [5, '2025-01-02T00:00:00+00:00'],
    ]);
    const rest = await sinks.sinkTableRows({ table: 'clickstream_events', after: first.pageInfo.endCursor });
    expect(rest.edges.map((e) => e.node.user_id)).toEqual([6]);
    expect(rest.totalCount).toBeUndefined();
  });

  it('quotes identifiers, so tables and columns with quotes in their names work', async () => {
    const page = await sinks.sinkTableRows({ table: 'odd "name"', where: { 'we"ird': { _gt: 1 } }, orderBy: [{ column: 'r', direction: 'DESC' }] });
    expect(page.edges.map((e) => e.node)).toEqual([{ 'we"ird': 2, r: 'b' }]);
  });

  it('treats SQL injection in values as plain data', async () => {
    const attempts = [`x'; DROP TABLE readings; --`, `' OR '1'='1`, `sensor-1' --`, `$1`, `\\'; SELECT pg_sleep(5); --`];
    for (const value of attempts) {
      expect(await ids({ sensor: { _eq: value } })).toEqual([]);
      expect(await ids({ sensor: { _in: [value, 'none'] } })).toEqual([]);
      expect(await ids({ note: { _like: value } })).toEqual([]);
    }
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM readings`)).rows[0].n).toBe(21);
  });

  it('refuses SQL injection in table and column names with BAD_USER_INPUT naming them, changing nothing', async () => {
    const table = await badInput(sinks.sinkTableRows({ table: 'readings; DROP TABLE readings; --' }));
    expect(table.message).toContain('unknown table "readings; DROP TABLE readings; --"');
    expect(table.details).toMatchObject({ field: 'table' });
    const column = await badInput(sinks.sinkTableRows({ table: 'readings', where: { 'id" = 1 OR 1=1 --': { _eq: 1 } } }));
    expect(column.message).toContain('unknown column "id" = 1 OR 1=1 --" in table "readings"');
    expect(column.details).toMatchObject({ field: 'where.id" = 1 OR 1=1 --' });
    const order = await badInput(sinks.sinkTableRows({ table: 'readings', orderBy: [{ column: 'id; DROP TABLE readings' }] }));
    expect(order.details).toMatchObject({ field: 'orderBy[0].column' });
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM readings`)).rows[0].n).toBe(21);
  });

  it('answers BAD_USER_INPUT for unknown tables, hidden tables, unknown columns and operators, wrong value types and a missing key', async () => {
    expect((await badInput(sinks.sinkTableRows({ table: 'nope' }))).details).toMatchObject({ field: 'table', table: 'nope' });
    expect((await badInput(sinks.sinkTableRows({ table: 'schema_migrations' }))).details).toMatchObject({ field: 'table' });
    expect((await badInput(sinks.sinkTableRows({ table: 'audit_log' }))).details).toMatchObject({ field: 'table' });
    expect((await badInput(sinks.sinkTableRows({ table: 'no_key' }))).message).toContain('no primary key');
    const nested = await badInput(sinks.sinkTableRows({ table: 'readings', where: { _or: [{ id: { _eq: 1 } }, { nope: { _eq: 1 } }] } }));
    expect(nested.details).toMatchObject({ field: 'where._or[1].nope', column: 'nope' });
    expect((await badInput(sinks.sinkTableRows({ table: 'readings', where: { id: { _regex: '.*' } } }))).details).toMatchObject({ field: 'where.id._regex' });
    expect((await badInput(sinks.sinkTableRows({ table: 'readings', where: { id: { _like: '1%' } } }))).message).toContain('does not apply');
    expect((await badInput(sinks.sinkTableRows({ table: 'readings', where: { id: { _eq: 'one' } } }))).details).toMatchObject({ field: 'where.id._eq' });
    expect((await badInput(sinks.sinkTableRows({ table: 'readings', where: { id: { _eq: 2 ** 63 } } }))).details).toMatchObject({ field: 'where.id._eq' });
    expect((await badInput(sinks.sinkTableRows({ table: 'readings', where: { ok: { _eq: 'yes' } } }))).details).toMatchObject({ field: 'where.ok._eq' });
    expect((await badInput(sinks.sinkTableRows({ table: 'readings', where: { taken_at: { _gt: 'yesterday' } } }))).details).toMatchObject({
      field: 'where.taken_at._gt',
    });
    expect((await badInput(sinks.sinkTableRows({ table: 'readings', where: { id: { _in: 5 } } }))).details).toMatchObject({ field: 'where.id._in' });
    expect((await badInput(sinks.sinkTableRows({ table: 'readings', where: { id: { _eq: null } } }))).message).toContain('_is_null');
    expect((await badInput(sinks.sinkTableRows({ table: 'readings', where: { address: { _eq: 'not-an-ip' } } }))).details).toMatchObject({ field: 'where' });
    expect((await badInput(sinks.sinkTableRows({ table: 'readings', orderBy: [{ column: 'payload' }] }))).details).toMatchObject({
      field: 'orderBy[0].column',
    });
  });

  it('refuses first beyond the maximum and cursors from another table or ordering', async () => {
    const tooMany = await badInput(sinks.sinkTableRows({ table: 'readings', first: 101 }));
    expect(tooMany.details).toMatchObject({ field: 'first', max: 100 });
    expect((await badInput(sinks.sinkTableRows({ table: 'readings', first: -1 }))).details).toMatchObject({ field: 'first' });
    const page = await sinks.sinkTableRows({ table: 'readings', first: 1 });
    const otherOrder = await badInput(sinks.sinkTableRows({ table: 'readings', orderBy: [{ column: 'sensor' }], after: page.pageInfo.endCursor }));
    expect(otherOrder.details).toMatchObject({ field: 'after' });
    await badInput(sinks.sinkTableRows({ table: 'users', after: page.pageInfo.endCursor }));
    await badInput(sinks.sinkTableRows({ table: 'readings', after: 'not a cursor!' }));
    await badInput(sinks.clickstreamEvents({ after: page.pageInfo.endCursor }));
  });
});
