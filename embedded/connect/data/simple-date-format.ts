import { tokenizeDatePattern, type DatePatternToken } from './date-pattern';
/**
 * The subset of java.text.SimpleDateFormat that TimestampConverter configs use, always in UTC (as the SMT does):
 * y, M (number or MMM name), d, H, h, a, m, s, S, E, quoted literals, and zones Z / X / XXX / z.
 * Unsupported pattern letters are rejected when the pattern is compiled, so a bad `format` fails validation.
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const SUPPORTED = new Set(['y', 'M', 'd', 'H', 'h', 'a', 'm', 's', 'S', 'E', 'Z', 'X', 'z']);

type Token = DatePatternToken;

const tokenize = (pattern: string): Token[] =>
  tokenizeDatePattern(pattern, SUPPORTED, {
    unterminatedQuote: (pattern) => `Unterminated quote in pattern ${pattern}`,
    illegalLetter: (letter) => `Illegal pattern character '${letter}'`,
  });

export interface DateFormat {
  format(date: Date): string;
  parse(text: string): Date;
}

export function compileDateFormat(pattern: string): DateFormat {
  const tokens = tokenize(pattern);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');

  const format = (date: Date): string =>
    tokens
      .map((t) => {
        if ('literal' in t) return t.literal;
        const { letter, count } = t;
        switch (letter) {
          case 'y':
            return count === 2 ? pad(date.getUTCFullYear() % 100, 2) : pad(date.getUTCFullYear(), count);
          case 'M':
            return count >= 3 ? MONTHS[date.getUTCMonth()]! : pad(date.getUTCMonth() + 1, count);
          case 'd':
            return pad(date.getUTCDate(), count);
          case 'H':
            return pad(date.getUTCHours(), count);
          case 'h':
            return pad(date.getUTCHours() % 12 || 12, count);
          case 'a':
            return date.getUTCHours() < 12 ? 'AM' : 'PM';
          case 'm':
            return pad(date.getUTCMinutes(), count);
          case 's':
            return pad(date.getUTCSeconds(), count);
          case 'S':
            return pad(date.getUTCMilliseconds(), 3).slice(0, Math.max(count, 3)).padEnd(count, '0');
          case 'E':
            return DAYS[date.getUTCDay()]!;
          case 'Z':
            return '+0000';
          case 'X':
            return 'Z';
          case 'z':
            return 'UTC';
          default:
            return '';
        }
      })
      .join('');

  const groups: string[] = [];
  const regex = tokens
    .map((t) => {
      if ('literal' in t) return t.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      groups.push(t.letter);
      switch (t.letter) {
        case 'M':
          return t.count >= 3 ? `(${MONTHS.join('|')})` : '(\\d{1,2})';
        case 'y':
          return t.count === 2 ? '(\\d{2})' : '(\\d{1,4})';
        case 'S':
          return '(\\d{1,9})';
        case 'a':
          return '(AM|PM|am|pm)';
        case 'E':
          return '([A-Za-z]+)';
        case 'Z':
          return '([+-]\\d{4})';
        case 'X':
          return '(Z|[+-]\\d{2}(?::?\\d{2})?)';
        case 'z':
          return '([A-Za-z]+)';
        default:
          return `(\\d{1,${Math.max(t.count, 2)}})`;
      }
    })
    .join('');
  const matcher = new RegExp(`^${regex}$`);

  const parse = (text: string): Date => {
    const match = matcher.exec(text.trim());
    if (!match) throw new Error(`Unparseable date: "${text}"`);
    let year = 1970, month = 0, day = 1, hour = 0, minute = 0, second = 0, millis = 0, pm: boolean | undefined, offsetMin = 0;
    groups.forEach((letter, i) => {
      const raw = match[i + 1]!;
      switch (letter) {
        case 'y':
          year = raw.length === 2 ? 2000 + Number(raw) : Number(raw);
          break;
        case 'M':
          month = /^\d+$/.test(raw) ? Number(raw) - 1 : MONTHS.indexOf(raw);
          break;
        case 'd':
          day = Number(raw);
          break;
        case 'H':
        case 'h':
          hour = Number(raw);
          break;
        case 'a':
          pm = raw.toUpperCase() === 'PM';
          break;
        case 'm':
          minute = Number(raw);
          break;
        case 's':
          second = Number(raw);
          break;
        case 'S':
          millis = Number(raw.padEnd(3, '0').slice(0, 3));
          break;
        case 'Z':
        case 'X':
          if (raw !== 'Z') {
            const digits = raw.replace(':', '');
            const sign = digits.startsWith('-') ? -1 : 1;
            offsetMin = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0));
          }
          break;
      }
    });
    if (pm !== undefined) hour = (hour % 12) + (pm ? 12 : 0);
    return new Date(Date.UTC(year, month, day, hour, minute, second, millis) - offsetMin * 60_000);
  };

  return { format, parse };
}
