import { type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema, parse, specifiedRules, subscribe, validate } from 'graphql';
import type { Client } from 'graphql-ws';
import type { Context } from '../../resolvers/common/context.type';
import type { Caller } from '../../src/auth/roles';
import { formatError } from '../../src/errors/format-error';
import { createLogger } from '../../src/logging/logger';
import { createContextFactory } from '../../src/server/context';
import { buildAppSchema } from '../../src/server/schema';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { type CorpusOperation, generatedOperations, withoutVolatile, withVariables } from './corpus';

/**
 * The shared subscription execution must emit exactly what graphql-js `subscribe` would. Tested through public
 * behaviour: the first message the server sends over graphql-ws, against the first result of graphql-js `subscribe` on
 * the same schema with a context from the same factory. Live analytics answer at once; Kafka-backed streams answer at
 * once only when refused (bad arguments), so for those only the refusals can be compared, and a stream that is quiet
 * on both sides within the wait is counted as agreeing.
 */

const ADMIN_KEY = 'differential-admin-0123456789';
const ADMIN: Caller = { id: 'differential', role: 'admin', via: 'api-key' };
const FIRST_EVENT_WITHIN_MS = 1_500;

interface First {
  data?: unknown;
  errors?: Array<{ message: string; path?: ReadonlyArray<string | number>; code: unknown }>;
  quiet?: true;
}

let app: TestApp;
let schema: GraphQLSchema;
let client: Client;
let contextFor: () => Context;

beforeAll(async () => {
  app = await startTestApp({
    backends: ['kafka', 'pinot'],
    seed: true,
    env: { API_KEYS: `differential:admin:${ADMIN_KEY}`, ANALYTICS_CACHE_TTL_MS: '0', ANALYTICS_LIVE_INTERVAL_MS: '200' },
  });
  schema = await buildAppSchema();
  const factory = createContextFactory(app.container.services, createLogger({ level: 'silent' }));
  contextFor = () => factory(ADMIN);
  client = app.wsClient({ apiKey: ADMIN_KEY });
}, 120_000);

afterAll(() => app?.stop());

function comparable(result: { data?: unknown; errors?: ReadonlyArray<GraphQLFormattedError> }): First {
  return JSON.parse(
    JSON.stringify({ data: withoutVolatile(result.data ?? undefined), errors: result.errors?.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code })) }),
  ) as First;
}

function within<T>(promise: Promise<T>, ms: number): Promise<T | 'quiet'> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<'quiet'>((resolve) => (timer = setTimeout(() => resolve('quiet'), ms)))]).finally(() => clearTimeout(timer));
}

/** graphql-js as graphql-ws drives it: validate with the specified rules, then `subscribe`. */
async function viaGraphqlJs(operation: CorpusOperation): Promise<First> {
  const document = parse(operation.query);
  const format = (r: ExecutionResult) => comparable({ data: r.data, errors: r.errors?.map((error) => formatError(error)) });
  const invalid = validate(schema, document, specifiedRules);
  if (invalid.length > 0) return format({ errors: invalid });
  const result = await subscribe({ schema, document, variableValues: operation.variables, contextValue: contextFor() });
  if (!(Symbol.asyncIterator in result)) return format(result);
  try {
    const first = await within(result.next(), FIRST_EVENT_WITHIN_MS);
    return first === 'quiet' ? { quiet: true } : format(first.value as ExecutionResult);
  } finally {
    await result.return?.();
  }
}

function viaGraphqlWs(operation: CorpusOperation): Promise<First> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (first: First) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe();
      resolve(first);
    };
    const timer = setTimeout(() => settle({ quiet: true }), FIRST_EVENT_WITHIN_MS);
    const unsubscribe = client.subscribe(
      { query: operation.query, variables: operation.variables },
      {
        next: (result) => settle(comparable(result as { data?: unknown; errors?: GraphQLFormattedError[] })),
        // graphql-ws delivers refusals as an `error` message: an array of formatted errors.
        error: (error) => settle(comparable({ errors: Array.isArray(error) ? (error as GraphQLFormattedError[]) : [{ message: String(error) }] })),
        complete: () => settle({ quiet: true }),
      },
    );
  });
}

describe('shared subscriptions equal graphql-js subscribe', () => {
  it('on every subscription field × every argument × sample values: the first message, inline and as variables', async () => {
    const operations = generatedOperations(schema, 'subscription').flatMap((operation) =>
      [operation, withVariables(schema, operation)].filter((op): op is CorpusOperation => op !== undefined),
    );
    expect(operations.length).toBeGreaterThan(200);
    const mismatches: string[] = [];
    let compared = 0;
    for (const operation of operations) {
      const actual = await viaGraphqlWs(operation);
      // Refused by the server's cost limit before anything ran (limit: 2147483647): nothing to compare.
      if (actual.errors?.some((error) => /^query cost \d+ exceeds/.test(error.message))) continue;
      const expected = await viaGraphqlJs(operation);
      if (!expected.quiet) compared++;
      try {
        expect(actual).toEqual(expected);
      } catch {
        mismatches.push(`${operation.name}\n  ${operation.query}\n  variables: ${JSON.stringify(operation.variables)}\n  graphql-js: ${JSON.stringify(expected)}\n  graphql-ws: ${JSON.stringify(actual)}`);
      }
    }
    expect(mismatches).toEqual([]);
    // Most of the corpus must give a first message to compare, not just silence on both sides.
    expect(compared).toBeGreaterThan(operations.length / 2);
  }, 600_000);
});
