import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
export { GraphQLDateTimeISO as DateTimeScalar, GraphQLJSON as JSONScalar, GraphQLJSONObject as JSONObjectScalar } from 'graphql-scalars';

/**
 * 64-bit integers (Kafka offsets, Pinot LONG sums) as decimal strings: a JSON number would silently round past 2^53.
 * Accepts a string or a safe integer on input.
 */
export const LongScalar = new GraphQLScalarType({
  name: 'Long',
  description: 'A 64-bit integer, serialized as a decimal string so values beyond 2^53 stay exact.',
  serialize(value) {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'number' && Number.isInteger(value)) return String(value);
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return value;
    throw new GraphQLError(`Long cannot represent ${String(value)}`);
  },
  parseValue(value) {
    return parseLong(value);
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.INT || ast.kind === Kind.STRING) return parseLong(ast.value);
    throw new GraphQLError('Long must be an integer or a decimal string', { extensions: { code: 'BAD_USER_INPUT' } });
  },
});

function parseLong(value: unknown): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d{1,19}$/.test(value)) {
    const parsed = BigInt(value);
    if (parsed <= 9_223_372_036_854_775_807n && parsed >= -9_223_372_036_854_775_808n) return parsed;
  }
  throw new GraphQLError(`Long cannot represent ${JSON.stringify(value)}`, { extensions: { code: 'BAD_USER_INPUT' } });
}
