import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Int, Query, Resolver } from 'type-graphql';
import type { CatalogTable } from '../../src/adapters/postgres/catalog-repository';
import { columnKind, OPERATORS, operatorAllowed, orderable } from '../../src/services/sinks/column-types';
import type { Context } from '../common/context.type';
import { JSONObjectScalar } from '../common/scalars';
import { SinkRowsOrderByInput } from './sink-table.input';
import { SinkRowConnection, SinkTable } from './sink-table.type';
import { pageComplexity } from './page-complexity';
import { selectsField } from './selection';

const WHERE_HELP = `Boolean expression, Hasura style: { column: { _eq: value } }, keys AND-ed, plus _and: [...], _or: [...], _not: {...}.
Operators: _eq _neq _gt _gte _lt _lte _in _nin _like _ilike _is_null (sinkTables lists which apply to each column).
Columns, operators and values are checked against the catalog; problems answer BAD_USER_INPUT naming the path.`;

@Resolver()
export class SinkTableResolver {
  @Query(() => [SinkTable], { description: 'Tables of the sink schema with their columns and primary keys, from the PostgreSQL catalog.' })
  async sinkTables(@Ctx() ctx: Context): Promise<SinkTable[]> {
    return (await ctx.services.sinks.sinkTables()).map(toSinkTable);
  }

  @Query(() => SinkRowConnection, { complexity: pageComplexity(50), description: 'Rows of one sink table, filtered and keyset-paginated on the primary key.' })
  async sinkTableRows(
    @Arg('table', () => String) table: string,
    @Arg('where', () => JSONObjectScalar, { nullable: true, description: WHERE_HELP }) where: Record<string, unknown> | null,
    @Arg('orderBy', () => [SinkRowsOrderByInput], { nullable: true, description: 'Default: primary key ascending.' }) orderBy: SinkRowsOrderByInput[] | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size: default 50, at most SINK_MAX_PAGE_SIZE (1000).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page.' }) after: string | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SinkRowConnection> {
    const page = await ctx.services.sinks.sinkTableRows({ table, where, orderBy, first, after, withTotalCount: selectsField(info, 'totalCount') });
    return { ...page, nodes: page.edges.map((edge) => edge.node) };
  }
}

function toSinkTable(table: CatalogTable): SinkTable {
  return {
    schema: table.schema,
    name: table.name,
    primaryKey: table.primaryKey,
    columns: table.columns.map((column) => {
      const kind = columnKind(column);
      return {
        name: column.name,
        dataType: column.dataType,
        nullable: column.nullable,
        primaryKeyPosition: column.primaryKeyPosition,
        operators: OPERATORS.filter((op) => operatorAllowed(kind, op)),
        sortable: orderable(kind),
      };
    }),
  };
}
