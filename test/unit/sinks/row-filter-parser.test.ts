import { AppError } from '../../../src/errors/app-error';
import { parseRowFilter, WHERE_LIMITS } from '../../../src/services/sinks/row-filter-parser';
import { readingsTable } from './fakes';

function problem(where: unknown): AppError {
  try {
    parseRowFilter(where, readingsTable);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('BAD_USER_INPUT');
    return error as AppError;
  }
  throw new Error('expected BAD_USER_INPUT');
}

describe('parseRowFilter', () => {
  it('parses column operators, AND-ing keys of one object', () => {
    expect(parseRowFilter({ site: { _eq: 'a', _neq: 'b' }, id: { _in: [1, '9007199254740993'] } }, readingsTable)).toEqual({
      kind: 'and',
      filters: [
        { kind: 'compare', column: 'site', op: '_eq', value: 'a' },
        { kind: 'compare', column: 'site', op: '_neq', value: 'b' },
        { kind: 'in', column: 'id', negated: false, values: ['1', '9007199254740993'] },
      ],
    });
  });

  it('parses _and, _or (also given one object) and _not, and every operator family', () => {
    expect(
      parseRowFilter(
        {
          _or: [{ value: { _gt: 1.5 } }, { at: { _lte: '2025-01-01T00:00:00Z' } }],
          _and: { _not: { ok: { _is_null: true } } },
          site: { _like: 'a%', _ilike: 'B%' },
          doc: { _eq: { a: [1] } },
          small: { _nin: [] },
        },
        readingsTable,
      ),
    ).toEqual({
      kind: 'and',
      filters: [
        {
          kind: 'or',
          filters: [
            { kind: 'compare', column: 'value', op: '_gt', value: 1.5 },
            { kind: 'compare', column: 'at', op: '_lte', value: '2025-01-01T00:00:00Z' },
          ],
        },
        { kind: 'and', filters: [{ kind: 'not', filter: { kind: 'isNull', column: 'ok', isNull: true } }] },
        { kind: 'like', column: 'site', caseInsensitive: false, pattern: 'a%' },
        { kind: 'like', column: 'site', caseInsensitive: true, pattern: 'B%' },
        { kind: 'compare', column: 'doc', op: '_eq', value: '{"a":[1]}' },
        { kind: 'in', column: 'small', negated: true, values: [] },
      ],
    });
  });

  it('names the path of unknown columns and operators', () => {
    expect(problem({ _or: [{}, { nope: { _eq: 1 } }] }).details).toEqual({ field: 'where._or[1].nope', table: 'readings', column: 'nope' });
    expect(problem({ _xor: [] }).message).toContain('logical operators are _and, _or, _not');
    expect(problem({ id: { _regex: 'x' } }).details).toMatchObject({ field: 'where.id._regex', column: 'id' });
    expect(problem({ id: 5 }).details).toMatchObject({ field: 'where.id' });
    expect(problem({ _not: [] }).details).toMatchObject({ field: 'where._not' });
  });

  it('checks operators against the column type', () => {
    expect(problem({ id: { _like: '1%' } }).message).toBe('operator _like does not apply to column "id" (bigint)');
    expect(problem({ raw: { _eq: {} } }).details).toMatchObject({ field: 'where.raw._eq' });
    expect(problem({ tags: { _eq: ['a'] } }).details).toMatchObject({ field: 'where.tags._eq' });
    expect(problem({ doc: { _gt: 1 } }).details).toMatchObject({ field: 'where.doc._gt' });
    expect(parseRowFilter({ tags: { _is_null: false } }, readingsTable)).toEqual({ kind: 'isNull', column: 'tags', isNull: false });
  });

  it('checks values against the column type', () => {
    expect(problem({ id: { _eq: 1.5 } }).message).toContain('expected an integer for column "id" (bigint), got 1.5');
    expect(problem({ small: { _eq: 40_000 } }).message).toContain('between -32768 and 32767');
    expect(problem({ id: { _eq: '9223372036854775808' } }).details).toMatchObject({ field: 'where.id._eq' });
    expect(problem({ value: { _eq: 'ten' } }).details).toMatchObject({ field: 'where.value._eq' });
    expect(problem({ ok: { _eq: 1 } }).details).toMatchObject({ field: 'where.ok._eq' });
    expect(problem({ site: { _eq: 1 } }).details).toMatchObject({ field: 'where.site._eq' });
    expect(problem({ at: { _gt: 'tomorrow' } }).details).toMatchObject({ field: 'where.at._gt' });
    expect(problem({ day: { _gt: '2025-01-01T00:00:00Z' } }).details).toMatchObject({ field: 'where.day._gt' });
    expect(problem({ uid: { _eq: 'not-a-uuid' } }).details).toMatchObject({ field: 'where.uid._eq' });
    expect(problem({ id: { _in: [1, null] } }).details).toMatchObject({ field: 'where.id._in[1]' });
    expect(problem({ id: { _in: 'x' } }).details).toMatchObject({ field: 'where.id._in' });
    expect(problem({ id: { _is_null: 'yes' } }).details).toMatchObject({ field: 'where.id._is_null' });
    expect(problem({ site: { _like: 5 } }).details).toMatchObject({ field: 'where.site._like' });
    expect(parseRowFilter({ addr: { _eq: '10.0.0.1' } }, readingsTable)).toEqual({ kind: 'compare', column: 'addr', op: '_eq', value: '10.0.0.1' });
  });

  it('bounds depth, condition count and list length', () => {
    let deep: Record<string, unknown> = { id: { _eq: 1 } };
    for (let i = 0; i < WHERE_LIMITS.maxDepth; i++) deep = { _not: deep };
    expect(problem(deep).message).toContain('nested deeper');
    const many = { _and: Array.from({ length: WHERE_LIMITS.maxConditions + 1 }, () => ({ id: { _eq: 1 } })) };
    expect(problem(many).message).toContain(`at most ${WHERE_LIMITS.maxConditions} conditions`);
    expect(problem({ id: { _in: Array.from({ length: WHERE_LIMITS.maxInValues + 1 }, (_, i) => i) } }).message).toContain('at most 1000 values');
  });

  it('truncates very long caller-supplied names in messages and paths', () => {
    const name = 'x'.repeat(500);
    const error = problem({ [name]: { _eq: 1 } });
    expect(error.message.length).toBeLessThan(200);
    expect(String(error.details!.field).length).toBeLessThan(100);
  });
});
