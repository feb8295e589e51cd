/**
 * The only ways sink queries put caller-influenced text into SQL: identifiers (already checked against the catalog)
 * are double-quoted here, and every value becomes a numbered bound parameter. Nothing else is ever concatenated.
 */

/** Double-quotes a PostgreSQL identifier, doubling embedded quotes. Throws on empty names and NUL (PG cannot store either). */
export function quoteIdent(name: string): string {
  if (name.length === 0 || name.includes('\0')) throw new Error('invalid SQL identifier');
  return `"${name.replaceAll('"', '""')}"`;
}

/** `"schema"."table"` */
export function qualifiedTable(schema: string, table: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}

/** Collects bound parameter values; `add(value)` returns the placeholder (`$1`, `$2`, …) to put in the SQL text. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Escapes LIKE wildcards (and the escape character itself) so text matches literally; LIKE's default escape is `\`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
