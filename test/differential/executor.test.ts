import type { ApolloServer } from '@apollo/server';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { Context } from '../../resolvers/common/context.type';
import type { Caller } from '../../src/auth/roles';
import { createLogger } from '../../src/logging/logger';
import { createApollo } from '../../src/server/apollo';
import { createContextFactory } from '../../src/server/context';
import { buildAppSchema } from '../../src/server/schema';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { type CorpusOperation, exampleOperations, generatedOperations, withoutVolatile, withVariables } from './corpus';

/**
 * The compiled executor is allowed only because this proves it equal to graphql-js: one corpus (every example operation,
 * and every root field × every argument × sample values of every input type, each inline and as variables) runs through
 * graphql-js `execute` and through the production path (the compiled executor), each inside the same Apollo pipeline
 * (same parsing, validation, limits and error formatting, so only the executor differs), on the same schema with
 * contexts from the same factory, against the real services on the embedded stack. Data must be identical, and errors
 * identical in message, path and extensions.code. Fields whose value depends on the moment they are read (timings,
 * freshness, generated SQL) are left out of the comparison.
 *
 * Queries run as admin. Mutations run as a viewer: each is refused (FORBIDDEN) after its arguments are coerced, so both
 * paths see the same state — running a mutation twice for real would compare two different worlds.
 */

const ADMIN: Caller = { id: 'differential', role: 'admin', via: 'api-key' };
const VIEWER: Caller = { id: 'differential', role: 'viewer', via: 'api-key' };

interface Outcome {
  status: number;
  data?: unknown;
  errors?: Array<{ message: string; path?: ReadonlyArray<string | number>; code: unknown }>;
}

const comparable = (errors: ReadonlyArray<GraphQLFormattedError> | undefined): Outcome['errors'] =>
  errors?.map((error) => ({ message: error.message, path: error.path, code: error.extensions?.code }));

let app: TestApp;
let schema: GraphQLSchema;
let apollo: ApolloServer<Context>;
let reference: ApolloServer<Context>;
let contextFor: (caller: Caller) => Context;

beforeAll(async () => {
  app = await startTestApp({ backends: ['kafka', 'connect', 'pinot'], seed: true, env: { ANALYTICS_CACHE_TTL_MS: '0' } });
  schema = await buildAppSchema();
  // Limits far out of the way: this compares executors, and a refused operation would compare nothing.
  const limits = { ...app.config.limits.operation, maxCost: Number.MAX_SAFE_INTEGER, maxDepth: 100, maxAliases: 1e6, maxFragmentSpreads: 1e6, maxFields: 1e6 };
  apollo = createApollo({ schema, introspection: true, limits });
  reference = createApollo({ schema, introspection: true, limits, executor: 'graphql-js' });
  await Promise.all([apollo.start(), reference.start()]);
  const factory = createContextFactory(app.container.services, createLogger({ level: 'silent' }));
  contextFor = (caller) => factory(caller);
}, 120_000);

afterAll(async () => {
  await apollo?.stop();
  await reference?.stop();
  await app?.stop();
});

async function run(server: ApolloServer<Context>, operation: CorpusOperation, caller: Caller): Promise<Outcome> {
  const response = await server.executeOperation({ query: operation.query, variables: operation.variables }, { contextValue: contextFor(caller) });
  if (response.body.kind !== 'single') throw new Error('incremental delivery is not used');
  const { data, errors } = response.body.singleResult;
  // JSON round trip: the bytes a client would get (graphql-js returns null-prototype objects).
  return JSON.parse(JSON.stringify({ data: withoutVolatile(data), errors: comparable(errors), status: response.http.status ?? 200 })) as Outcome;
}

async function compareAll(operations: CorpusOperation[]): Promise<void> {
  const mismatches: string[] = [];
  for (const operation of operations) {
    const caller = operation.kind === 'mutation' ? VIEWER : ADMIN;
    const expected = await run(reference, operation, caller);
    const actual = await run(apollo, operation, caller);
    try {
      expect(actual).toEqual(expected);
    } catch {
      mismatches.push(`${operation.name}\n  ${operation.query}\n  variables: ${JSON.stringify(operation.variables)}\n  graphql-js: ${JSON.stringify(expected)}\n  compiled: ${JSON.stringify(actual)}`);
    }
  }
  expect(mismatches).toEqual([]);
}

/** Each operation inline and, when it has arguments, as variables too. */
function bothForms(operations: CorpusOperation[]): CorpusOperation[] {
  return operations.flatMap((operation) => [operation, withVariables(schema, operation)].filter((op): op is CorpusOperation => op !== undefined));
}

describe('the compiled executor equals graphql-js', () => {
  it('on every example operation (resolvers/*/examples.graphql, README, docs/api-guide.md), inline and as variables', async () => {
    const examples = exampleOperations().filter((operation) => operation.kind !== 'subscription');
    expect(examples.length).toBeGreaterThan(20);
    await compareAll(bothForms(examples));
  }, 240_000);

  it('on every query field × every argument × sample values of every input type, inline and as variables', async () => {
    const operations = bothForms(generatedOperations(schema, 'query'));
    expect(operations.length).toBeGreaterThan(300);
    await compareAll(operations);
  }, 480_000);

  it('on every mutation field × every argument × sample values, inline and as variables (refused after coercion)', async () => {
    const operations = bothForms(generatedOperations(schema, 'mutation'));
    expect(operations.length).toBeGreaterThan(300);
    await compareAll(operations);
  }, 480_000);

  it('on the issue\'s reproductions: recursive filter as a variable, Long literal, several operations without a name', async () => {
    const filter = 'query($w: AnalyticsFilterInput) { aggregate(table: "stock_transactions", measures: [{ fn: COUNT }], where: $w) { rows } }';
    const operations: CorpusOperation[] = [
      { name: 'filter 6 deep as a variable', kind: 'query', query: filter, variables: { w: { not: { or: [{ and: [{ column: 'symbol', eq: 'AAPL' }] }] } } } },
      {
        name: 'Long literal in resetConsumerGroupOffsets',
        kind: 'mutation',
        query: 'mutation { resetConsumerGroupOffsets(input: { groupId: "g", topic: "t", to: OFFSET, offsets: [{ partition: 0, offset: 2 }] }) { groupId } }',
      },
      { name: 'two operations, no name', kind: 'query', query: 'query A { viewer { id } } query B { viewer { role } }' },
    ];
    await compareAll(operations);
  }, 60_000);
});
