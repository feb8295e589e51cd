import { tokenizeDatePattern, type DatePatternToken } from '../../data/date-pattern';
/**
 * The part of Joda-Time's DateTimeFormat that partitioner path.format values use — Y/y/u (year), M (month, MMM/MMMM
 * names), d, D (day of year), H, k, h, m, s, S, E — with quoted literals, printed in a time zone. Other letters are
 * refused when the pattern is compiled, so a malformed path.format fails validation instead of writing odd paths.
 */
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const SUPPORTED = new Set(['Y', 'y', 'u', 'M', 'd', 'D', 'H', 'k', 'h', 'm', 's', 'S', 'E']);

type Token = DatePatternToken;

export interface ZonedFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millis: number;
  weekday: number;
  dayOfYear: number;
}

const tokenize = (pattern: string): Token[] =>
  tokenizeDatePattern(pattern, SUPPORTED, {
    unterminatedQuote: (pattern) => `Invalid format: unterminated quote in "${pattern}"`,
    illegalLetter: (letter) => `Illegal pattern component: ${letter}`,
  });

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws for an unknown zone id (as Joda's DateTimeZone.forID does). */
export function checkTimeZone(zone: string): void {
  new Intl.DateTimeFormat('en-US', { timeZone: zone });
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** The wall-clock fields of an instant in a zone. */
export function zonedFields(epochMs: number, zone: string): ZonedFields {
  const parts = Object.fromEntries(formatterFor(zone).formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  const dayOfYear = Math.round((Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
  return {
    year,
    month,
    day,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    millis: ((epochMs % 1000) + 1000) % 1000,
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday!),
    dayOfYear,
  };
}

/** Offset of the zone from UTC at an instant, in ms (local = utc + offset). */
export function zoneOffsetMs(epochMs: number, zone: string): number {
  const f = zonedFields(epochMs, zone);
  return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second, f.millis) - epochMs;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Compiles a pattern once; the result prints instants in `zone`. Throws on an unsupported letter or quote. */
export function compilePathFormat(pattern: string): (epochMs: number, zone: string) => string {
  const tokens = tokenize(pattern);
  return (epochMs, zone) => {
    const f = zonedFields(epochMs, zone);
    return tokens
      .map((t) => {
        if ('literal' in t) return t.literal;
        const { letter, count } = t;
        switch (letter) {
          case 'Y':
          case 'y':
          case 'u':
            return count === 2 ? pad(f.year % 100, 2) : pad(f.year, count);
          case 'M':
            return count >= 4 ? MONTHS[f.month - 1]! : count === 3 ? MONTHS[f.month - 1]!.slice(0, 3) : pad(f.month, count);
          case 'd':
            return pad(f.day, count);
          case 'D':
            return pad(f.dayOfYear, count);
          case 'H':
            return pad(f.hour, count);
          case 'k':
            return pad(f.hour === 0 ? 24 : f.hour, count);
          case 'h':
            return pad(f.hour % 12 === 0 ? 12 : f.hour % 12, count);
          case 'm':
            return pad(f.minute, count);
          case 's':
            return pad(f.second, count);
          case 'S':
            return pad(f.millis, 3).slice(0, count).padEnd(count, '0');
          case 'E':
            return count >= 4 ? DAYS[f.weekday]! : DAYS[f.weekday]!.slice(0, 3);
          default:
            throw new Error(`Illegal pattern component: ${letter}`);
        }
      })
      .join('');
  };
}
