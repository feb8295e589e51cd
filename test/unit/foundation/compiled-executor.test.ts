import 'reflect-metadata';
import { GraphQLError, parse, type OperationDefinitionNode } from 'graphql';
import { Arg, buildSchema, Field, InputType, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { LongScalar } from '../../../resolvers/common/scalars';
import { AppError } from '../../../src/errors/app-error';
import { compiledExecutor } from '../../../src/server/compiled-executor';

@ObjectType()
class Item {
  @Field(() => Int)
  id: number;
}

@InputType()
class FilterInput {
  @Field(() => String, { nullable: true })
  column?: string;

  @Field(() => [FilterInput], { nullable: true })
  and?: FilterInput[];
}

let resolved = 0;

const depthOf = (filter: FilterInput | undefined): number => (filter?.and ? 1 + Math.max(0, ...filter.and.map(depthOf)) : 0);

@Resolver()
class ItemResolver {
  @Query(() => [Item])
  items(@Arg('first', () => Int) first: number): Item[] {
    resolved++;
    if (first > 10) throw new AppError('BAD_USER_INPUT', 'first must be at most 10', { details: { field: 'first' } });
    return Array.from({ length: first }, (_, i) => ({ id: i }));
  }

  @Query(() => Int)
  filterDepth(@Arg('where', () => FilterInput, { nullable: true }) where?: FilterInput): number {
    return depthOf(where);
  }

  @Query(() => String)
  offset(@Arg('at', () => LongScalar) at: bigint): string {
    return (at + 1n).toString();
  }
}

async function run(query: string, variables: Record<string, unknown>, operationName: string | null = null) {
  const schema = await buildSchema({ resolvers: [ItemResolver], validate: false });
  const { executor } = await compiledExecutor(schema).load({ apollo: {} as never });
  const document = parse(query);
  // As Apollo resolves it: undefined when the name matches nothing, or when there are several and no name.
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  const operation = operationName ? operations.find((op) => op.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  const context = { document, operation, operationName, request: { variables, operationName: operationName ?? undefined }, context: {} };
  return { execute: () => executor!(context as never), document };
}

describe('compiledExecutor', () => {
  it('executes a query and reuses the compiled function for the same parsed document', async () => {
    const { execute } = await run('query($n: Int!) { items(first: $n) { id } }', { n: 2 });
    expect(await execute()).toEqual({ data: { items: [{ id: 0 }, { id: 1 }] } });
    expect(await execute()).toEqual({ data: { items: [{ id: 0 }, { id: 1 }] } });
  });

  it('returns resolver failures as graphql-js errors that keep path, locations and the AppError cause', async () => {
    const { execute } = await run('query($n: Int!) { items(first: $n) { id } }', { n: 11 });
    const { errors } = await execute();
    expect(errors?.[0]).toBeInstanceOf(GraphQLError);
    expect(errors?.[0]?.path).toEqual(['items']);
    expect(errors?.[0]?.locations).toEqual([{ line: 1, column: 19 }]);
    expect((errors?.[0] as GraphQLError).originalError).toBeInstanceOf(AppError);
  });

  it('refuses badly typed variables before running anything, naming the variable', async () => {
    const before = resolved;
    const { execute } = await run('query($n: Int!) { items(first: $n) { id } }', { n: 'two' });
    const { errors, data } = await execute();
    expect(data).toBeUndefined();
    expect(errors?.[0]?.message).toMatch(/Variable "\$n" got invalid value "two"/);
    expect(resolved).toBe(before);
  });

  it('runs a recursive input passed as a variable on graphql-js, quickly and with the same answer as inline', async () => {
    const started = Date.now();
    const asVariable = await run('query($w: FilterInput) { filterDepth(where: $w) }', { w: { and: [{ and: [{ column: 'a' }] }] } });
    expect(await asVariable.execute()).toEqual({ data: { filterDepth: 2 } });
    const inline = await run('{ filterDepth(where: { and: [{ and: [{ column: "a" }] }] }) }', {});
    expect(await inline.execute()).toEqual({ data: { filterDepth: 2 } });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('answers a Long written inline (graphql-jit cannot embed a BigInt) exactly as the same value in a variable', async () => {
    const inline = await run('{ offset(at: "9007199254740993") }', {});
    const variable = await run('query($at: Long!) { offset(at: $at) }', { at: '9007199254740993' });
    expect(await inline.execute()).toEqual({ data: { offset: '9007199254740994' } });
    expect(await variable.execute()).toEqual({ data: { offset: '9007199254740994' } });
  });

  it('answers two operations without an operationName with graphql-js\'s request error, not a TypeError', async () => {
    const { execute } = await run('query A { offset(at: 1) } query B { offset(at: 2) }', {});
    const { errors, data } = await execute();
    expect(data).toBeUndefined();
    expect(errors?.map((e) => e.message)).toEqual(['Must provide operation name if query contains multiple operations.']);
  });

  it('answers an unknown operationName with graphql-js\'s request error', async () => {
    const { execute } = await run('query A { offset(at: 1) }', {}, 'Nope');
    expect((await execute()).errors?.map((e) => e.message)).toEqual(['Unknown operation named "Nope".']);
  });

  it('runs the named operation of a document with several', async () => {
    const { execute } = await run('query A { offset(at: 1) } query B { offset(at: 2) }', {}, 'B');
    expect(await execute()).toEqual({ data: { offset: '3' } });
  });
});
