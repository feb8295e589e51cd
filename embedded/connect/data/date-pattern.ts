/** One piece of a date pattern: a run of one pattern letter, or literal text. */
export type DatePatternToken = { letter: string; count: number } | { literal: string };

/** The messages a pattern error carries: each date library words them its own way (Java's SimpleDateFormat, Joda). */
export interface DatePatternErrors {
  unterminatedQuote(pattern: string): string;
  illegalLetter(letter: string): string;
}

/**
 * Splits a SimpleDateFormat / Joda pattern into letter runs and literals ('' is a quote, '…' quotes text). Letters
 * outside `supported` are refused here, so a bad pattern fails when it is compiled rather than when it prints.
 */
export function tokenizeDatePattern(pattern: string, supported: ReadonlySet<string>, errors: DatePatternErrors): DatePatternToken[] {
  const tokens: DatePatternToken[] = [];
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === i + 1) {
        tokens.push({ literal: "'" });
        i += 2;
        continue;
      }
      if (end < 0) throw new Error(errors.unterminatedQuote(pattern));
      tokens.push({ literal: pattern.slice(i + 1, end) });
      i = end + 1;
    } else if (/[A-Za-z]/.test(c)) {
      if (!supported.has(c)) throw new Error(errors.illegalLetter(c));
      let j = i;
      while (pattern[j] === c) j++;
      tokens.push({ letter: c, count: j - i });
      i = j;
    } else {
      tokens.push({ literal: c });
      i++;
    }
  }
  return tokens;
}
