/**
 * JSON with exact 64-bit integers in both directions. JavaScript numbers round integers beyond 2^53, but Pinot
 * writes LONG values as plain JSON numbers, so the broker serialises bigint verbatim and the ingestor parses
 * Kafka records without losing digits.
 */

/** Quotes integer literals too large for a double (outside strings), then parses; they arrive as decimal strings. */
export function parseJsonKeepingBigIntegers(text: string): unknown {
  return JSON.parse(quoteUnsafeIntegers(text));
}

export function quoteUnsafeIntegers(text: string): string {
  // Fast path: no run of 16+ digits means every integer is exactly representable.
  if (!/\d{16}/.test(text)) return text;
  let out = '';
  let last = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */) {
      i++;
      while (i < text.length && text.charCodeAt(i) !== 34) i += text.charCodeAt(i) === 92 /* \ */ ? 2 : 1;
      i++;
      continue;
    }
    if (ch === 45 /* - */ || (ch >= 48 && ch <= 57)) {
      const start = i;
      i++;
      while (i < text.length && /[0-9.eE+-]/.test(text[i]!)) i++;
      const literal = text.slice(start, i);
      if (/^-?\d+$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
        out += `${text.slice(last, start)}"${literal}"`;
        last = i;
      }
      continue;
    }
    i++;
  }
  return out + text.slice(last);
}

/** A JSON value with bigint written as a bare number and non-finite doubles as Pinot's strings ("NaN", "-Infinity"). */
export function stringifyCell(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : `"${String(value)}"`;
  return JSON.stringify(value);
}
