import { getNamedType, getNullableType, isEnumType, isInputObjectType, isListType, isNonNullType, type GraphQLInputType, type GraphQLSchema } from 'graphql';
import { GRAPHQL_NAME, selectionFor } from '../helpers/selection-for';

/** mulberry32: a small seeded PRNG, so a failing input can be regenerated from the seed printed with it. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (below: number) => Math.floor(next() * below),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

export type Random = ReturnType<typeof seededRandom>;

export interface FuzzRequest {
  /** What it is, for failure messages (with the seed, enough to regenerate it). */
  label: string;
  method: string;
  /** Appended to /graphql (GET parameters). */
  search?: string;
  headers: Record<string, string>;
  body?: string;
}

/** Values that break naive code: wrong types, extremes, odd text, deep and long structures. */
function nastyValues(): unknown[] {
  let deep: unknown = 1;
  for (let i = 0; i < 40; i++) deep = { a: deep };
  return [
    null,
    0,
    -1,
    2147483648,
    9007199254740993,
    1e308,
    -1e-308,
    0.5,
    true,
    '',
    ' ',
    'x'.repeat(20_000),
    '\ud800',
    'a\udfffb',
    '💥🚀',
    "'; DROP TABLE clickstream_events; --",
    '../../etc/passwd',
    '%00%2F',
    '\u0000',
    '${jndi:ldap://x}',
    '<script>alert(1)</script>',
    '9223372036854775808',
    '-9223372036854775809',
    '2025-13-45T99:99:99Z',
    'P99999999Y',
    [],
    {},
    [[[[1]]]],
    Array.from({ length: 20_000 }, (_, i) => i),
    deep,
    { '': 1, 'a.b': { 'c-d': [null] } },
  ];
}

const NASTY = nastyValues();

/** A value of the right shape with random content, or (sometimes) something nasty. */
export function valueFor(type: GraphQLInputType, random: Random, depth = 0): unknown {
  if (random.chance(0.3)) return random.pick(NASTY);
  if (!isNonNullType(type) && random.chance(0.1)) return null;
  const inner = getNullableType(type) as GraphQLInputType;
  if (isListType(inner)) return Array.from({ length: random.int(3) }, () => valueFor(inner.ofType, random, depth + 1));
  if (isEnumType(inner)) return random.chance(0.9) ? random.pick(inner.getValues()).name : 'NOT_A_VALUE';
  if (isInputObjectType(inner)) {
    if (depth > 6) return {};
    const object: Record<string, unknown> = {};
    for (const field of Object.values(inner.getFields())) {
      if (isNonNullType(field.type) || random.chance(0.3)) object[field.name] = valueFor(field.type, random, depth + 1);
    }
    if (random.chance(0.05)) object.notAField = 1;
    return object;
  }
  switch (getNamedType(inner).name) {
    case 'Int':
      return random.pick([0, 1, 10, 100, 1000, -5, 2147483647]);
    case 'Float':
      return random.pick([0, 1.5, 99.9, -3]);
    case 'Boolean':
      return random.chance(0.5);
    case 'Long':
      return random.pick(['0', '42', '9007199254740993', 7, '-1']);
    case 'DateTimeISO':
      return random.pick(['2025-01-01T00:00:00Z', new Date(Date.now() - random.int(1e9)).toISOString(), 'yesterday']);
    case 'JSON':
      return random.pick([1, 'x', { a: 1 }, [1, 'b'], true]);
    case 'JSONObject':
      return random.pick([{}, { 'connector.class': 'FileStreamSink', topics: 'clickstream' }, { kafka_topic: 'clickstream', kafka_partition: 0 }]);
    default:
      return random.pick(['clickstream', 'stock_transactions', 'clickstream_events', 'AAPL', 'symbol', 'PT1H', 'x', 'FileStreamSink', 'datagen-clickstream']);
  }
}

/** The value as a GraphQL literal, or undefined when it has none (JSON keys that are not GraphQL names). */
export function literalOf(value: unknown, type: GraphQLInputType): string | undefined {
  const named = getNamedType(type);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return isEnumType(named) && GRAPHQL_NAME.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = getNullableType(type) as GraphQLInputType;
  if (Array.isArray(value)) {
    const itemType = isListType(inner) ? inner.ofType : inner;
    const items = value.map((item) => literalOf(item, itemType));
    return items.some((item) => item === undefined) ? undefined : `[${items.join(', ')}]`;
  }
  const entries: string[] = [];
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (!GRAPHQL_NAME.test(key)) return undefined;
    const fieldType = isInputObjectType(inner) ? inner.getFields()[key]?.type : undefined;
    const literal = literalOf(field, fieldType ?? inner);
    if (literal === undefined) return undefined;
    entries.push(`${key}: ${literal}`);
  }
  return `{ ${entries.join(', ')} }`;
}

/**
 * For every argument of every root field of `kind`: `perArgument` operations with that argument fuzzed and the other
 * required ones given plausible values, alternately inline and as variables.
 */
export function argumentRequests(schema: GraphQLSchema, kind: 'query' | 'mutation', random: Random, perArgument: number): Array<{ label: string; query: string; variables?: Record<string, unknown> }> {
  const root = kind === 'query' ? schema.getQueryType() : schema.getMutationType();
  const out: Array<{ label: string; query: string; variables?: Record<string, unknown> }> = [];
  for (const field of Object.values(root?.getFields() ?? {})) {
    for (const target of field.args) {
      for (let i = 0; i < perArgument; i++) {
        const values = new Map<string, unknown>();
        for (const arg of field.args) {
          if (arg === target) values.set(arg.name, valueFor(arg.type, random));
          else if (isNonNullType(arg.type) && arg.defaultValue === undefined) values.set(arg.name, valueFor(arg.type, { ...random, chance: () => false }));
        }
        const asVariables = i % 2 === 1;
        const definitions: string[] = [];
        const variables: Record<string, unknown> = {};
        const args = [...values].map(([name, value]) => {
          const type = field.args.find((arg) => arg.name === name)!.type;
          const literal = asVariables ? undefined : literalOf(value, type);
          if (literal !== undefined) return `${name}: ${literal}`;
          definitions.push(`$${name}: ${String(type)}`);
          variables[name] = value;
          return `${name}: $${name}`;
        });
        const header = definitions.length > 0 ? `${kind} Fuzz(${definitions.join(', ')})` : `${kind} Fuzz`;
        out.push({
          label: `${field.name}.${target.name} #${i} ${asVariables ? 'variables' : 'inline'}`,
          query: `${header} { ${field.name}${args.length > 0 ? `(${args.join(', ')})` : ''} ${selectionFor(field.type, 1)} }`,
          ...(definitions.length > 0 ? { variables } : {}),
        });
      }
    }
  }
  return out;
}

/** Broken documents: a valid one cut, with a character dropped or inserted, or with fields and types swapped. */
export function brokenDocuments(valid: string[], random: Random, count: number): string[] {
  const noise = ['{', '}', '(', ')', '[', ']', ':', '$', '@', '!', '"', '\\', '#', ',', '...', 'on', 'fragment', '\u0000', '\ud800', '"""', '1e999', '-'];
  const fixed = [
    '{ noSuchField }',
    '{ viewer { noSuchField } }',
    '{ topics(first: "ten") { totalCount } }',
    '{ topic { name } }',
    '{ topic(name: 1) { name } }',
    '{ viewer { ...Missing } }',
    '{ viewer { ...A } } fragment A on Viewer { ...B } fragment B on Viewer { ...A }',
    'query A { viewer { id } } query A { viewer { id } }',
    '{ viewer { id } } query B { viewer { id } }',
    'query($x: Int) { viewer { id } }',
    'query { topics(first: $undefined) { totalCount } }',
    '{ viewer @skip(if: "yes") { id } }',
    '{ viewer @nope { id } }',
    'subscription { nope }',
    'fragment F on Viewer { id }',
    '',
    '   ',
    '# only a comment',
    '{ __schema { types { name } } }',
    '{ __type(name: "Query") { fields { name } } }',
    '{ __typename }',
    'query($f: AnalyticsFilterInput = { and: [{ column: "x" }] }) { aggregate(table: "stock_transactions", measures: [{ fn: COUNT }], where: $f) { rows } }',
  ];
  const out = [...fixed];
  while (out.length < count) {
    const source = random.pick(valid);
    const at = random.int(source.length + 1);
    switch (random.int(4)) {
      case 0:
        out.push(source.slice(0, at));
        break;
      case 1:
        out.push(source.slice(0, at) + source.slice(at + 1));
        break;
      case 2:
        out.push(source.slice(0, at) + random.pick(noise) + source.slice(at));
        break;
      default:
        out.push(source.replace(/\b([a-z]\w*)\b/, (name) => `${name}X`));
    }
  }
  return out;
}
