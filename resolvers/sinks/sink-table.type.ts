import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../common/page-info.type';
import { JSONObjectScalar } from '../common/scalars';

@ObjectType({ simpleResolvers: true, description: 'A column of a sink table, from the PostgreSQL catalog.' })
export class SinkColumn {
  @Field(() => String)
  name: string;

  @Field(() => String, { description: 'As PostgreSQL spells it: "timestamp with time zone", "character varying(255)", "text[]".' })
  dataType: string;

  @Field(() => Boolean)
  nullable: boolean;

  @Field(() => Int, { nullable: true, description: '1-based position in the primary key; null when not part of it.' })
  primaryKeyPosition: number | null;

  @Field(() => [String], { description: 'where operators this column accepts.' })
  operators: string[];

  @Field(() => Boolean, { description: 'Whether the column may appear in sinkTableRows orderBy.' })
  sortable: boolean;
}

@ObjectType({ simpleResolvers: true, description: 'A table in the sink schema (SINK_SCHEMA), as Kafka Connect JDBC sinks create them.' })
export class SinkTable {
  @Field(() => String)
  schema: string;

  @Field(() => String)
  name: string;

  @Field(() => [SinkColumn], { description: 'In table order.' })
  columns: SinkColumn[];

  @Field(() => [String], { description: 'Primary key columns in key order; empty when the table has none (then sinkTableRows refuses it).' })
  primaryKey: string[];
}

@ObjectType({ simpleResolvers: true })
export class SinkRowEdge {
  @Field(() => String, { description: 'Opaque; pass as `after` to continue after this row.' })
  cursor: string;

  @Field(() => JSONObjectScalar, {
    description: 'The row: column name → value. Timestamps are ISO 8601 strings; bigint and numeric are strings (exact).',
  })
  node: Record<string, unknown>;
}

@ObjectType({ simpleResolvers: true, description: 'A keyset-paginated page of rows of one sink table (Relay connection).' })
export class SinkRowConnection {
  @Field(() => [SinkRowEdge])
  edges: SinkRowEdge[];

  @Field(() => [JSONObjectScalar], { description: 'The edges’ nodes, for callers that need no cursors.' })
  nodes: Array<Record<string, unknown>>;

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int, { description: 'Rows matching `where` (all pages). Counted only when selected: it costs a scan.' })
  totalCount?: number;
}
