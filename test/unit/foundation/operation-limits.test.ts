import 'reflect-metadata';
import { parse, specifiedRules, type GraphQLError, type GraphQLSchema } from 'graphql';
import { Arg, buildSchema, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { loadConfig } from '../../../src/config';
import { checkOperationLimits } from '../../../src/server/operation-limits';
import { isRefusal, prepareStreamedOperation } from '../../../src/server/streamed-operation';

@ObjectType()
class Node {
  @Field(() => Int)
  id: number;

  @Field(() => [Node])
  children: Node[];
}

@Resolver()
class NodeResolver {
  @Query(() => [Node])
  nodes(@Arg('first', () => Int, { defaultValue: 10 }) _first: number): Node[] {
    return [];
  }
}

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildSchema({ resolvers: [NodeResolver], validate: false });
});

const limits = { ...loadConfig({}).limits.operation, maxDepth: 4, maxCost: 1_000, costPerBackendCall: 0 };
const check = (query: string, variables?: Record<string, unknown>) =>
  checkOperationLimits(schema, parse(query), undefined, variables, limits);

describe('checkOperationLimits', () => {
  it('lets a shallow, cheap query through', () => {
    expect(check('{ nodes(first: 5) { id children { id } } }')).toEqual([]);
  });

  it('refuses a query deeper than the maximum with BAD_USER_INPUT', () => {
    const [error] = check('{ nodes { children { children { children { children { id } } } } } }');
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { limit: 'depth', depth: 6, max: 4 } });
  });

  it('counts depth through fragments and does not loop on fragment cycles', () => {
    const deep = 'query { nodes { ...A } } fragment A on Node { children { children { children { children { id } } } } }';
    expect(check(deep)[0]?.message).toMatch(/depth 6/);
    const cyclic = 'query { nodes { ...A } } fragment A on Node { children { ...A } }';
    expect(() => check(cyclic)).not.toThrow();
  });

  it('multiplies cost by the requested page size, including from variables', () => {
    const [error] = check('query($n: Int!) { nodes(first: $n) { id children { id } } }', { n: 500 });
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { limit: 'cost', max: 1_000 } });
  });

  it('counts introspection fields toward depth', () => {
    const [error] = check('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }');
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { limit: 'depth', depth: 7, max: 4 } });
  });

  it('adds the backend-call cost to every root field, once per alias, paginated or not', () => {
    const costOf = (query: string, costPerBackendCall: number) =>
      (checkOperationLimits(schema, parse(query), undefined, {}, { ...limits, maxCost: 0, costPerBackendCall })[0]?.extensions.details as { cost: number }).cost;
    expect(costOf('{ a: nodes(first: 1) { id } }', 50) - costOf('{ a: nodes(first: 1) { id } }', 0)).toBe(50);
    expect(costOf('{ a: nodes(first: 1) { id } b: nodes(first: 1) { id } }', 50)).toBe(2 * costOf('{ a: nodes(first: 1) { id } }', 50));
  });

  it('refuses variables nested deeper than the input depth limit before anything coerces them', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const [error] = check('query($n: Int) { nodes(first: $n) { id } }', { n: deep });
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { limit: 'inputDepth' } });
  });

  it('refuses a variable holding a lone UTF-16 surrogate, in a value or a key', () => {
    expect(check('query($n: Int) { nodes(first: $n) { id } }', { n: 'a\ud800b' })[0]?.extensions).toMatchObject({ details: { limit: 'unicode', variable: 'n' } });
    expect(check('query($n: Int) { nodes(first: $n) { id } }', { n: { '\udc00': 1 } })[0]?.extensions).toMatchObject({ details: { limit: 'unicode' } });
    expect(check('query($n: Int) { nodes(first: $n) { id } }', { n: '\ud83d\ude00 fine' })).toEqual([]);
  });
});

describe('checkOperationLimits verdict cache', () => {
  it('re-evaluates when a page-size variable changes for the same parsed document', () => {
    const document = parse('query($n: Int!, $after: String) { nodes(first: $n) { id children { id } } }');
    const run = (variables: Record<string, unknown>) => checkOperationLimits(schema, document, undefined, variables, limits);
    expect(run({ n: 5, after: 'a' })).toEqual([]);
    expect(run({ n: 5, after: 'b' })).toEqual([]);
    expect(run({ n: 500, after: 'a' })[0]?.extensions).toMatchObject({ details: { limit: 'cost' } });
    expect(run({ n: 5 })).toEqual([]);
  });
});

describe('prepareStreamedOperation (graphql-ws and SSE)', () => {
  it('refuses a 10,000-deep list literal with the nesting limit before parsing, not with a stack overflow', () => {
    const deep = `${'['.repeat(10_000)}1${']'.repeat(10_000)}`;
    const prepared = prepareStreamedOperation(schema, specifiedRules, { query: `{ nodes(first: ${deep}) { id } }` }, limits);
    expect(isRefusal(prepared)).toBe(true);
    const [error] = prepared as readonly GraphQLError[];
    expect(error?.message).not.toMatch(/call stack/);
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { limit: 'nesting' } });
  });
});
