/**
 * Pinot SQL quoting: double quotes for identifiers, single quotes for strings (a quote doubled). Values are always
 * literals, never identifiers: `WHERE a = "b"` would compare two columns.
 */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function stringLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A finite number in a form Pinot's parser reads back exactly (no exponent for integers). */
export function numberLiteral(value: number | bigint): string {
  if (typeof value === 'bigint') return value.toString();
  if (!Number.isFinite(value)) throw new RangeError('not a finite number');
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return value.toFixed(0);
  return String(value);
}

/** LIKE pattern text with Pinot's wildcards escaped, so `50%` matches a literal percent sign. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
