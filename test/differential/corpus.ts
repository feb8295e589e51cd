import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  parse,
  parseType,
  print,
  TypeInfo,
  valueFromASTUntyped,
  visit,
  visitWithTypeInfo,
  type ArgumentNode,
  type DocumentNode,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLSchema,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';
import { projectRoot } from '../../src/project-root';
import { GRAPHQL_NAME, selectionFor } from '../helpers/selection-for';
import { loadExampleOperations } from '../../src/server/playground/example-operations';

export interface CorpusOperation {
  /** Where it comes from, for failure messages: "example TopicDetail", "aggregate.where #3 (variables)". */
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  kind: 'query' | 'mutation' | 'subscription';
}

/** resolvers/<plane>/examples.graphql, and the graphql blocks of README.md and docs/api-guide.md. */
export function exampleOperations(): CorpusOperation[] {
  const root = projectRoot();
  const texts = loadExampleOperations(root).map((example) => ({ name: `example ${example.name}`, query: example.query }));
  for (const file of ['README.md', 'docs/api-guide.md']) {
    const markdown = readFileSync(join(root, file), 'utf8');
    [...markdown.matchAll(/```graphql\n([\s\S]*?)```/g)].forEach((match, index) => texts.push({ name: `${file} block ${index + 1}`, query: match[1]! }));
  }
  const operations: CorpusOperation[] = [];
  for (const { name, query } of texts) {
    const document = parse(query);
    const fragments = document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
    // A markdown block may hold several operations: each runs on its own, with the block's fragments.
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      const single: DocumentNode = { kind: Kind.DOCUMENT, definitions: [definition, ...fragments] };
      operations.push({ name: `${name} ${definition.name?.value ?? ''}`.trim(), query: print(single), kind: definition.operation });
    }
  }
  return operations;
}

// ---------------------------------------------------------------------------------------------------------------
// Values per input type. Strings get hints by argument or field name, so that many operations reach a backend with
// something it knows (a real table, topic, plugin) instead of all stopping at the same validation error.

const STRING_HINTS: Record<string, unknown[]> = {
  table: ['stock_transactions', 'clickstream_enriched', 'no_such_table'],
  symbol: ['AAPL'],
  column: ['symbol', 'shares', 'update_at'],
  className: ['FileStreamSink', 'io.confluent.connect.jdbc.JdbcSinkConnector', 'NoSuchPlugin'],
  topic: ['clickstream', 'no-such-topic'],
  name: ['clickstream', 'no-such-thing'],
  groupId: ['no-such-group'],
  id: ['no-such-group'],
  last: ['PT1H', 'P7D', 'nonsense'],
  timeZone: ['Europe/Paris', 'Not/AZone'],
  after: ['not-a-cursor'],
  cluster: ['default', 'no-such-cluster'],
  alias: ['total', '1bad'],
  field: ['count_star', 'symbol'],
  url: ['https://example.com/news/page-1'],
};

const SCALARS: Record<string, unknown[]> = {
  String: ['x', ''],
  ID: ['x'],
  Int: [0, 7, -1, 2147483647],
  Float: [1.5, 50, -0.25],
  Boolean: [true, false],
  DateTimeISO: ['2025-01-01T00:00:00Z', '2025-01-01T00:00:00.123+02:00', 'not-a-date'],
  // Long beyond 2^53 travels as a decimal string (a JSON number would round it).
  Long: ['9007199254740993', 2, '-1', '9223372036854775808'],
  JSON: [1, 'AAPL', { a: [1, null, 'x'] }, [1, 2], null, true],
  JSONObject: [{}, { 'connector.class': 'FileStreamSink', topics: 'clickstream', file: '/tmp/x' }, { kafka_topic: 'clickstream', kafka_partition: 0 }, { a: { b: [1, 'x', null] } }],
};

/** AnalyticsFilterInput nested `depth` deep, alternating and / or / not over real columns. */
export function analyticsFilter(depth: number): Record<string, unknown> {
  if (depth === 0) return { column: 'symbol', eq: 'AAPL' };
  const inner = analyticsFilter(depth - 1);
  const sibling = { column: 'shares', range: { gte: 10, lt: '9007199254740993' } };
  if (depth % 3 === 1) return { and: [inner, sibling] };
  if (depth % 3 === 2) return { or: [inner, { column: 'symbol', in: ['MSFT', 'GOOG'] }] };
  return { not: inner };
}

function valuesOf(type: GraphQLInputType, hint: string, depth: number): unknown[] {
  const nullable = !isNonNullType(type);
  const inner = getNullableType(type) as GraphQLInputType;
  const values: unknown[] = [];
  if (isListType(inner)) {
    const items = valuesOf(inner.ofType, hint, depth).filter((value) => value !== null);
    values.push(items.slice(0, 1), [], items.slice(0, 3));
  } else if (isEnumType(inner)) {
    values.push(...inner.getValues().map((value) => new EnumLiteral(value.name)));
  } else if (isInputObjectType(inner)) {
    if (inner.name === 'AnalyticsFilterInput') values.push(...[0, 1, 2, 3, 4, 5, 6].map(analyticsFilter), { column: 'symbol', isNull: false, contains: 'A' });
    else values.push(...inputObjects(inner, depth));
  } else {
    const hinted = STRING_HINTS[hint];
    const named = getNamedType(inner).name;
    values.push(...(hinted && (named === 'String' || named === 'ID') ? hinted : (SCALARS[named] ?? ['x'])));
  }
  if (nullable) values.push(null);
  return values;
}

/** A minimal object (required fields only), then one variant per optional field set to its first sample. */
function inputObjects(type: ReturnType<typeof getNamedType> & { getFields(): Record<string, { name: string; type: GraphQLInputType; defaultValue?: unknown }> }, depth: number): unknown[] {
  if (depth > 3) return [];
  const fields = Object.values(type.getFields());
  const minimal: Record<string, unknown> = {};
  for (const field of fields) {
    if (isNonNullType(field.type) && field.defaultValue === undefined) minimal[field.name] = valuesOf(field.type, field.name, depth + 1)[0];
  }
  const variants: unknown[] = [minimal];
  for (const field of fields) {
    if (field.name in minimal) continue;
    const first = valuesOf(field.type, field.name, depth + 1).find((value) => value !== null);
    if (first !== undefined) variants.push({ ...minimal, [field.name]: first });
  }
  return variants;
}

/** Marks a string that is an enum value (printed bare inline, as its name in variables). */
class EnumLiteral {
  constructor(readonly name: string) {}
}

/** GraphQL object literals only have Name keys: a JSON object keyed "connector.class" can only be sent as a variable. */
function inlinable(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(inlinable);
  if (value === null || typeof value !== 'object' || value instanceof EnumLiteral) return true;
  return Object.entries(value).every(([key, field]) => GRAPHQL_NAME.test(key) && inlinable(field));
}

/** The JSON a client sends for a value: enums by name. */
function toRaw(value: unknown): unknown {
  if (value instanceof EnumLiteral) return value.name;
  if (Array.isArray(value)) return value.map(toRaw);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, toRaw(field)]));
  return value;
}

function toLiteral(value: unknown): ValueNode {
  if (value === null || value === undefined) return { kind: Kind.NULL };
  if (value instanceof EnumLiteral) return { kind: Kind.ENUM, value: value.name };
  if (typeof value === 'string') return { kind: Kind.STRING, value };
  if (typeof value === 'boolean') return { kind: Kind.BOOLEAN, value };
  if (typeof value === 'number') return Number.isInteger(value) ? { kind: Kind.INT, value: String(value) } : { kind: Kind.FLOAT, value: String(value) };
  if (Array.isArray(value)) return { kind: Kind.LIST, values: value.map(toLiteral) };
  return {
    kind: Kind.OBJECT,
    fields: Object.entries(value as Record<string, unknown>).map(([name, field]) => ({ kind: Kind.OBJECT_FIELD, name: { kind: Kind.NAME, value: name }, value: toLiteral(field) })),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Selections: the leaf fields of the result type, two levels of objects deep. Fields whose value depends on when
// they are read (timings, freshness, generated SQL with now() in it) would differ between two runs of anything.

export const VOLATILE_FIELDS: ReadonlySet<string> = new Set(['sql', 'at', 'durationMs', 'freshAsOf', 'freshnessMs', 'timeUsedMs', 'cached']);

/** A result with the volatile fields left out, wherever they are (examples select them too). */
export function withoutVolatile(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutVolatile);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !VOLATILE_FIELDS.has(key)).map(([key, field]) => [key, withoutVolatile(field)]));
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * For every root field of `kind` and every argument: the argument omitted (defaults), null, and each sample value of
 * its type, the other required arguments at their first sample. Inline only: `withVariables` derives the variables
 * twin of each.
 */
export function generatedOperations(schema: GraphQLSchema, kind: CorpusOperation['kind']): CorpusOperation[] {
  const root = { query: schema.getQueryType(), mutation: schema.getMutationType(), subscription: schema.getSubscriptionType() }[kind];
  const operations: CorpusOperation[] = [];
  for (const field of Object.values(root?.getFields() ?? {})) {
    const required = (arg: GraphQLArgument) => isNonNullType(arg.type) && arg.defaultValue === undefined;
    const base = new Map<string, unknown>(field.args.filter(required).map((arg) => [arg.name, valuesOf(arg.type, arg.name, 0)[0]]));
    const selection = selectionFor(field.type, 2, VOLATILE_FIELDS);
    const build = (args: Map<string, unknown>, label: string) => {
      // Values that cannot be written inline go straight into variables; withVariables moves the rest later.
      const definitions: string[] = [];
      const variables: Record<string, unknown> = {};
      const argumentList = [...args]
        .map(([name, value]) => {
          if (inlinable(value)) return `${name}: ${print(toLiteral(value))}`;
          definitions.push(`$${name}: ${String(field.args.find((arg) => arg.name === name)!.type)}`);
          variables[name] = toRaw(value);
          return `${name}: $${name}`;
        })
        .join(', ');
      const header = definitions.length > 0 ? `${kind}(${definitions.join(', ')})` : kind;
      operations.push({
        name: `${field.name} ${label}`,
        kind,
        query: `${header} { ${field.name}${argumentList ? `(${argumentList})` : ''} ${selection} }`,
        ...(definitions.length > 0 ? { variables } : {}),
      });
    };
    build(base, 'required arguments only');
    for (const arg of field.args) {
      valuesOf(arg.type, arg.name, 0).forEach((value, index) => build(new Map([...base, [arg.name, value]]), `${arg.name} #${index}`));
    }
  }
  return operations;
}

/**
 * The same operation with every argument literal moved into a variable of the argument's type: the raw JSON value a
 * client would send (enums as names, Long as written). Arguments already using variables are kept.
 */
export function withVariables(schema: GraphQLSchema, operation: CorpusOperation): CorpusOperation | undefined {
  const document = parse(operation.query);
  const typeInfo = new TypeInfo(schema);
  const definitions: VariableDefinitionNode[] = [];
  const variables: Record<string, unknown> = {};
  const rewritten = visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node: ArgumentNode) {
        const type = typeInfo.getArgument()?.type;
        if (!type || node.value.kind === Kind.VARIABLE || containsVariable(node.value)) return undefined;
        const name = `v${definitions.length}`;
        definitions.push({
          kind: Kind.VARIABLE_DEFINITION,
          variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } },
          type: parseType(String(type)),
        });
        variables[name] = valueFromASTUntyped(node.value);
        if (operation.variables && name in operation.variables) throw new Error(`variable name clash: ${name}`);
        return { ...node, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } } };
      },
    }),
  );
  if (definitions.length === 0) return undefined;
  const withDefinitions = visit(rewritten, {
    OperationDefinition(node) {
      return { ...node, variableDefinitions: [...(node.variableDefinitions ?? []), ...definitions] };
    },
  });
  return { ...operation, name: `${operation.name} (variables)`, query: print(withDefinitions), variables: { ...operation.variables, ...variables } };
}

function containsVariable(value: ValueNode): boolean {
  if (value.kind === Kind.VARIABLE) return true;
  if (value.kind === Kind.LIST) return value.values.some(containsVariable);
  if (value.kind === Kind.OBJECT) return value.fields.some((field) => containsVariable(field.value));
  return false;
}
