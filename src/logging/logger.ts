import pino from 'pino';

export type Logger = pino.Logger;

// Paths pino blanks in every log line; connector configs are additionally redacted by key name before logging.
const REDACT_PATHS = [
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
  'apiKey',
  'token',
  'password',
  'connectionParams.authorization',
  'connectionParams.apiKey',
  'connectionParams.token',
  '*.password',
  '*.secret',
  '*.token',
  '*["connection.password"]',
];

export interface LoggerOptions {
  /** @default 'info' */
  level?: string;
  /** Tests pass a stream to capture and scan output. */
  destination?: pino.DestinationStream;
}

export function createLogger({ level = 'info', destination }: LoggerOptions = {}): Logger {
  return pino(
    { level, base: { service: 'pipegraph' }, redact: { paths: REDACT_PATHS, censor: '[REDACTED]' } },
    destination ?? pino.destination({ sync: false }),
  );
}
