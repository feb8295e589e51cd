import { GraphQLError } from 'graphql';
import { AppError } from '../../../src/errors/app-error';
import { formatError } from '../../../src/errors/format-error';

describe('formatError', () => {
  it('keeps the code, message, retriable flag and details of an AppError thrown in a resolver', () => {
    const error = new GraphQLError('wrapped', {
      path: ['topic'],
      originalError: new AppError('NOT_FOUND', 'topic "x" does not exist', { details: { field: 'name' } }),
    });
    expect(formatError(error)).toEqual({
      message: 'topic "x" does not exist',
      path: ['topic'],
      locations: undefined,
      extensions: { code: 'NOT_FOUND', retriable: false, details: { field: 'name' } },
    });
  });

  it('marks UPSTREAM_UNAVAILABLE retriable and carries the retry hint', () => {
    const error = new GraphQLError('x', { originalError: new AppError('RATE_LIMITED', 'slow down', { retryAfterMs: 250 }) });
    expect(formatError(error).extensions).toEqual({ code: 'RATE_LIMITED', retriable: true, retryAfterMs: 250 });
  });

  it('masks an unknown error: no message, stack or SQL reaches the client, and it is reported once', () => {
    const original = new Error('relation "secret_table" does not exist at SELECT * FROM secret_table');
    const masked: unknown[] = [];
    const formatted = formatError(new GraphQLError(original.message, { originalError: original }), {
      onMaskedError: (error) => masked.push(error),
    });
    expect(formatted.message).toBe('Internal server error');
    expect(formatted.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', retriable: false });
    expect(JSON.stringify(formatted)).not.toMatch(/secret_table|stack/);
    expect(masked).toEqual([original]);
  });

  it('maps GraphQL validation and parse failures to BAD_USER_INPUT', () => {
    const parse = new GraphQLError('Syntax Error: Expected Name', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    const validation = new GraphQLError('Cannot query field "nope"', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const coercion = new GraphQLError('Variable "$n" got invalid value "x"; Int cannot represent non-integer value');
    for (const error of [parse, validation, coercion]) expect(formatError(error).extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('never throws, even on a hostile error object', () => {
    const hostile = new GraphQLError('x');
    Object.defineProperty(hostile, 'originalError', { get: () => { throw new Error('boom'); } });
    expect(formatError(hostile).extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  });

  it('codes a scalar\'s refusal of a variable (no path, the scalar\'s GraphQLError as cause) as BAD_USER_INPUT, as Apollo does', () => {
    const scalar = new GraphQLError('DateTime cannot represent an invalid date-time-string not-a-date.');
    const error = new GraphQLError('Variable "$since" got invalid value "not-a-date"; DateTime cannot represent an invalid date-time-string not-a-date.', {
      originalError: scalar,
    });
    expect(formatError(error)).toMatchObject({ message: error.message, extensions: { code: 'BAD_USER_INPUT', retriable: false } });
  });
});
