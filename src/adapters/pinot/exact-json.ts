/**
 * JSON.parse that keeps 64-bit integers: Pinot writes LONG values as bare JSON numbers, which a plain parse rounds
 * beyond 2^53. Integer literals that a double cannot hold exactly are quoted before parsing, so they arrive as
 * decimal strings; the column type says they are LONGs. Strings are skipped, so their content is never touched.
 */
export function parseJsonExact(text: string): unknown {
  return JSON.parse(quoteUnsafeIntegers(text));
}

export function quoteUnsafeIntegers(text: string): string {
  // Fast path: without a run of 16 digits every integer in the document is exact as a double.
  if (!/\d{16}/.test(text)) return text;
  let out = '';
  let copiedUpTo = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x22) {
      i++;
      while (i < text.length && text.charCodeAt(i) !== 0x22) i += text.charCodeAt(i) === 0x5c ? 2 : 1;
      i++;
    } else if (code === 0x2d || (code >= 0x30 && code <= 0x39)) {
      const start = i;
      i++;
      while (i < text.length && /[0-9.eE+-]/.test(text[i]!)) i++;
      const literal = text.slice(start, i);
      if (/^-?\d+$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
        out += `${text.slice(copiedUpTo, start)}"${literal}"`;
        copiedUpTo = i;
      }
    } else {
      i++;
    }
  }
  return out + text.slice(copiedUpTo);
}
