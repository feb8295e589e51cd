import 'reflect-metadata';
import { GraphQLError, parse, type OperationDefinitionNode } from 'graphql';
import { Arg, buildSchema, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { AppError } from '../../../src/errors/app-error';
import { compiledExecutor } from '../../../src/server/compiled-executor';

@ObjectType()
class Item {
  @Field(() => Int)
  id: number;
}

let resolved = 0;

@Resolver()
class ItemResolver {
  @Query(() => [Item])
  items(@Arg('first', () => Int) first: number): Item[] {
    resolved++;
    if (first > 10) throw new AppError('BAD_USER_INPUT', 'first must be at most 10', { details: { field: 'first' } });
    return Array.from({ length: first }, (_, i) => ({ id: i }));
  }
}

async function run(query: string, variables: Record<string, unknown>) {
  const schema = await buildSchema({ resolvers: [ItemResolver], validate: false });
  const { executor } = await compiledExecutor(schema).load({ apollo: {} as never });
  const document = parse(query);
  const operation = document.definitions[0] as OperationDefinitionNode;
  const context = { document, operation, operationName: null, request: { variables }, context: {} };
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
});
