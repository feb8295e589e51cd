import type { CatalogColumn, CatalogTable } from '../../adapters/postgres/catalog-repository';
import type { RowFilter } from '../../adapters/postgres/sink-rows-repository';
import { badInput } from '../../errors/app-error';
import { columnKind, normalizeValue, type Operator, OPERATORS, operatorAllowed } from './column-types';
import { MAX_IN_VALUES } from './clickstream-events';

/** Bounds on one `where`, so a single request cannot make PostgreSQL plan an enormous expression. */
export const WHERE_LIMITS = { maxDepth: 8, maxConditions: 100, maxInValues: MAX_IN_VALUES };

const LOGICAL = new Set(['_and', '_or', '_not']);

/**
 * Parses a Hasura-style boolean expression against one table's catalog entry:
 * `{ url_category: { _eq: "news" }, _or: [{ user_id: { _in: [1, 2] } }, { url: { _like: "%/sports/%" } }] }`.
 * Keys of one object are AND-ed; `_and`/`_or` take a list (or one object), `_not` one object. Every column is checked
 * against the catalog, every operator against the column type, every value against the type. Any problem answers
 * BAD_USER_INPUT whose `field` is the path (`where._or[1].url._like`) and whose message names the column or operator.
 */
export function parseRowFilter(where: unknown, table: CatalogTable): RowFilter {
  const columns = new Map(table.columns.map((column) => [column.name, column]));
  let conditions = 0;

  const parseObject = (value: unknown, path: string, depth: number): RowFilter => {
    if (depth > WHERE_LIMITS.maxDepth) throw badInput(path, `${path}: where is nested deeper than ${WHERE_LIMITS.maxDepth} levels`);
    if (!isPlainObject(value)) throw badInput(path, `${path} must be an object like { column: { _eq: value } }`);
    const parts: RowFilter[] = [];
    for (const [key, inner] of Object.entries(value)) {
      const at = `${path}.${truncate(key)}`;
      if (key === '_and' || key === '_or') {
        const list = Array.isArray(inner) ? inner : [inner];
        parts.push({ kind: key === '_and' ? 'and' : 'or', filters: list.map((item, i) => parseObject(item, `${at}[${i}]`, depth + 1)) });
      } else if (key === '_not') {
        parts.push({ kind: 'not', filter: parseObject(inner, at, depth + 1) });
      } else {
        const column = columns.get(key);
        if (!column) {
          throw badInput(at, `unknown column "${truncate(key)}" in table "${table.name}"${key.startsWith('_') && !LOGICAL.has(key) ? ' (logical operators are _and, _or, _not)' : ''}`, {
            table: table.name,
            column: truncate(key),
          });
        }
        parts.push(...parseColumn(inner, column, at));
      }
    }
    return parts.length === 1 ? parts[0]! : { kind: 'and', filters: parts };
  };

  const parseColumn = (spec: unknown, column: CatalogColumn, path: string): RowFilter[] => {
    if (!isPlainObject(spec)) throw badInput(path, `${path} must be an object of operators like { _eq: value }`, { column: column.name });
    const kind = columnKind(column);
    const out: RowFilter[] = [];
    for (const [op, value] of Object.entries(spec)) {
      const at = `${path}.${truncate(op)}`;
      if (!(OPERATORS as readonly string[]).includes(op)) {
        throw badInput(at, `unknown operator "${truncate(op)}" on column "${column.name}"; use one of ${OPERATORS.join(', ')}`, { column: column.name });
      }
      if (!operatorAllowed(kind, op as Operator)) {
        throw badInput(at, `operator ${op} does not apply to column "${column.name}" (${column.dataType})`, { column: column.name });
      }
      if (++conditions > WHERE_LIMITS.maxConditions) throw badInput(at, `where may hold at most ${WHERE_LIMITS.maxConditions} conditions`);
      out.push(parseCondition(op as Operator, value, column, at));
    }
    return out;
  };

  return parseObject(where, 'where', 1);
}

function parseCondition(op: Operator, value: unknown, column: CatalogColumn, at: string): RowFilter {
  switch (op) {
    case '_is_null':
      if (typeof value !== 'boolean') throw badInput(at, `${at} must be true or false`, { column: column.name });
      return { kind: 'isNull', column: column.name, isNull: value };
    case '_in':
    case '_nin': {
      if (!Array.isArray(value)) throw badInput(at, `${at} must be a list of values`, { column: column.name });
      if (value.length > WHERE_LIMITS.maxInValues) throw badInput(at, `${at} may list at most ${WHERE_LIMITS.maxInValues} values, got ${value.length}`);
      return { kind: 'in', column: column.name, negated: op === '_nin', values: value.map((item, i) => normalizeValue(item, column, `${at}[${i}]`)) };
    }
    case '_like':
    case '_ilike':
      if (typeof value !== 'string') throw badInput(at, `${at} must be a LIKE pattern string (% and _ are wildcards)`, { column: column.name });
      return { kind: 'like', column: column.name, caseInsensitive: op === '_ilike', pattern: value };
    default:
      return { kind: 'compare', column: column.name, op, value: normalizeValue(value, column, at) };
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Caller-supplied names are echoed in messages, but bounded. */
function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
