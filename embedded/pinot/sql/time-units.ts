/** Pinot's time vocabulary (java.util.concurrent.TimeUnit names and DATETRUNC units) in milliseconds. */
export const TIME_UNIT_MS: Record<string, number> = {
  NANOSECONDS: 1e-6,
  MICROSECONDS: 1e-3,
  MILLISECONDS: 1,
  SECONDS: 1_000,
  MINUTES: 60_000,
  HOURS: 3_600_000,
  DAYS: 86_400_000,
};

/** DATETRUNC units that are a fixed number of milliseconds in UTC (weeks and longer need calendar arithmetic). */
export const FIXED_TRUNC_MS: Record<string, number> = {
  MILLISECOND: 1,
  SECOND: 1_000,
  MINUTE: 60_000,
  HOUR: 3_600_000,
  DAY: 86_400_000,
};

export const CALENDAR_TRUNC_UNITS = new Set(['WEEK', 'MONTH', 'QUARTER', 'YEAR']);

/** ISO-8601 durations as java.time.Duration parses them (days, hours, minutes, seconds), for ago(). */
export function parseIsoDurationMs(text: string): number | undefined {
  const match = /^([-+]?)P(?:([-+]?\d+)D)?(?:T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+(?:[.,]\d{0,9})?)S)?)?$/i.exec(text);
  if (!match || text.toUpperCase().endsWith('T') || /^[-+]?P$/i.test(text)) return undefined;
  const [, sign, days, hours, minutes, seconds] = match;
  const ms =
    Number(days ?? 0) * 86_400_000 +
    Number(hours ?? 0) * 3_600_000 +
    Number(minutes ?? 0) * 60_000 +
    Math.round(Number((seconds ?? '0').replace(',', '.')) * 1000);
  return sign === '-' ? -ms : ms;
}

/** Whether the runtime knows the IANA zone; a bad zone must be a query error, not a DuckDB crash. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Java SimpleDateFormat patterns (the ones ToDateTime/FromDateTime users write) to strftime. */
export function javaPatternToStrftime(pattern: string): string | undefined {
  const map: Array<[string, string]> = [
    ['yyyy', '%Y'], ['yy', '%y'], ['MMMM', '%B'], ['MMM', '%b'], ['MM', '%m'], ['dd', '%d'], ['d', '%-d'],
    ['HH', '%H'], ['H', '%-H'], ['hh', '%I'], ['mm', '%M'], ['ss', '%S'], ['SSS', '%g'], ['EEEE', '%A'],
    ['EEE', '%a'], ['a', '%p'], ['Z', '%z'], ['z', '%Z'], ['M', '%-m'],
  ];
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) return undefined;
      out += end === i + 1 ? "'" : pattern.slice(i + 1, end).replace(/%/g, '%%');
      i = end + 1;
      continue;
    }
    const hit = map.find(([java]) => pattern.startsWith(java, i));
    if (hit) {
      out += hit[1];
      i += hit[0].length;
    } else if (/[A-Za-z]/.test(ch)) {
      return undefined;
    } else {
      out += ch === '%' ? '%%' : ch;
      i++;
    }
  }
  return out;
}
