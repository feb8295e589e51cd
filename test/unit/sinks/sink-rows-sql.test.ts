import { compileKeysetCondition, compileRowFilter } from '../../../src/adapters/postgres/sink-rows-repository';
import { escapeLike, quoteIdent, SqlParams } from '../../../src/adapters/postgres/sql-identifiers';

describe('SQL building for sink rows', () => {
  it('quotes identifiers and escapes LIKE wildcards', () => {
    expect(quoteIdent('plain')).toBe('"plain"');
    expect(quoteIdent('a"; DROP TABLE x; --')).toBe('"a""; DROP TABLE x; --"');
    expect(() => quoteIdent('')).toThrow();
    expect(() => quoteIdent('a\0b')).toThrow();
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\');
  });

  it('compiles a boolean expression with every value as a parameter', () => {
    const params = new SqlParams();
    const sql = compileRowFilter(
      {
        kind: 'or',
        filters: [
          { kind: 'compare', column: 'we"ird', op: '_gte', value: "1' OR 1=1" },
          { kind: 'not', filter: { kind: 'in', column: 'id', negated: true, values: [1, 2] } },
          { kind: 'and', filters: [{ kind: 'like', column: 'n', caseInsensitive: true, pattern: '%a' }, { kind: 'isNull', column: 'n', isNull: false }] },
          { kind: 'and', filters: [] },
          { kind: 'or', filters: [] },
        ],
      },
      params,
      '"r"',
    );
    expect(sql).toBe('("r"."we""ird" >= $1 OR (NOT "r"."id" <> ALL($2)) OR ("r"."n" ILIKE $3 AND "r"."n" IS NOT NULL) OR TRUE OR FALSE)');
    expect(params.values).toEqual(["1' OR 1=1", [1, 2], '%a']);
  });

  it('uses one row comparison for a uniform NOT NULL key', () => {
    const params = new SqlParams();
    const order = [
      { name: 'a', direction: 'DESC' as const, nullable: false },
      { name: 'b', direction: 'DESC' as const, nullable: false },
    ];
    expect(compileKeysetCondition(order, ['1', 'x'], params, '"r"')).toBe('("r"."a", "r"."b") < ($1, $2)');
  });

  it('expands mixed directions and NULLs (last in ASC, first in DESC)', () => {
    const order = [
      { name: 'n', direction: 'ASC' as const, nullable: true },
      { name: 'd', direction: 'DESC' as const, nullable: true },
      { name: 'id', direction: 'ASC' as const, nullable: false },
    ];
    const params = new SqlParams();
    expect(compileKeysetCondition(order, ['5', null, '7'], params, '"r"')).toBe(
      '((("r"."n" > $1 OR "r"."n" IS NULL)) OR ("r"."n" = $2 AND "r"."d" IS NOT NULL) OR ("r"."n" = $3 AND "r"."d" IS NULL AND ("r"."id" > $4 OR "r"."id" IS NULL)))',
    );
    expect(params.values).toEqual(['5', '5', '5', '7']);
    // After a NULL in an ASC column only rows with that NULL and a later tie-break follow.
    const nullAsc = new SqlParams();
    expect(compileKeysetCondition([order[0]!, order[2]!], [null, '7'], nullAsc, '"r"')).toBe('(("r"."n" IS NULL AND ("r"."id" > $1 OR "r"."id" IS NULL)))');
  });
});
