import pino from 'pino';
import type { AuditRepository, AuditRow, NewAuditRow } from '../../../src/adapters/postgres/audit-repository';
import type { Caller } from '../../../src/auth/roles';
import { AppError } from '../../../src/errors/app-error';
import { createAuditService } from '../../../src/services/audit';

function fakeRepository(options: { failInsert?: boolean } = {}) {
  const rows: AuditRow[] = [];
  const repository: AuditRepository = {
    async insert(row: NewAuditRow) {
      if (options.failInsert) throw new Error('database down');
      rows.push({ ...row, id: String(rows.length + 1), at: new Date(), errorCode: row.errorCode ?? null });
    },
    async page({ limit, beforeId, target, operation }) {
      return rows
        .filter((r) => (beforeId === undefined || Number(r.id) < Number(beforeId)) && (!target || r.target === target) && (!operation || r.operation === operation))
        .sort((a, b) => Number(b.id) - Number(a.id))
        .slice(0, limit);
    },
  };
  return { rows, repository };
}

const caller: Caller = { id: 'ops', role: 'operator', via: 'api-key' };
const logger = pino({ level: 'silent' });

test('wrap records ok with duration, redacting secrets from the input', async () => {
  const { rows, repository } = fakeRepository();
  const audit = createAuditService({ repository, logger });
  await expect(audit.wrap(caller, 'createConnector', 'connectors/default/a', { config: { 'connection.password': 'pw', topics: 'a' } }, async () => 42)).resolves.toBe(42);
  expect(rows).toEqual([
    expect.objectContaining({ callerId: 'ops', callerRole: 'operator', operation: 'createConnector', target: 'connectors/default/a', outcome: 'ok', errorCode: null, input: { config: { 'connection.password': '[REDACTED]', topics: 'a' } } }),
  ]);
  expect(rows[0]!.durationMs).toBeGreaterThanOrEqual(0);
});

test('wrap records the public error code of a failure and rethrows it; unknown errors count as INTERNAL_SERVER_ERROR', async () => {
  const { rows, repository } = fakeRepository();
  const audit = createAuditService({ repository, logger });
  await expect(audit.wrap(caller, 'pauseConnector', 't', {}, async () => Promise.reject(new AppError('NOT_FOUND', 'gone')))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  await expect(audit.wrap(caller, 'pauseConnector', 't', {}, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  expect(rows.map((r) => [r.outcome, r.errorCode])).toEqual([['error', 'NOT_FOUND'], ['error', 'INTERNAL_SERVER_ERROR']]);
});

test('a failing audit write never fails the change it records', async () => {
  const { repository } = fakeRepository({ failInsert: true });
  const audit = createAuditService({ repository, logger });
  await expect(audit.wrap(caller, 'deleteTopic', 'orders', {}, async () => 'done')).resolves.toBe('done');
});

test('record (the topics plane\'s AuditRecorder port) redacts too', async () => {
  const { rows, repository } = fakeRepository();
  await createAuditService({ repository, logger }).record({ callerId: 'a', callerRole: 'admin', operation: 'createTopic', target: 'x', input: { token: 'abc' }, outcome: 'ok', durationMs: 1 });
  expect(rows[0]!.input).toEqual({ token: '[REDACTED]' });
});

test('pages newest first with opaque cursors and filters, refusing foreign cursors and bad sizes', async () => {
  const { repository } = fakeRepository();
  const audit = createAuditService({ repository, logger });
  for (let i = 0; i < 5; i++) await audit.wrap(caller, i % 2 ? 'pauseConnector' : 'resumeConnector', 'connectors/default/a', { i }, async () => i);
  const first = await audit.page({ first: 2 });
  expect(first.edges.map((e) => e.node.input)).toEqual([{ i: 4 }, { i: 3 }]);
  expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  const second = await audit.page({ first: 2, after: first.pageInfo.endCursor });
  expect(second.edges.map((e) => e.node.input)).toEqual([{ i: 2 }, { i: 1 }]);
  expect((await audit.page({ operation: 'pauseConnector' })).edges.map((e) => e.node.input)).toEqual([{ i: 3 }, { i: 1 }]);
  await expect(audit.page({ after: 'bm9wZQ' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'after' } });
  await expect(audit.page({ first: 0 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'first' } });
});
