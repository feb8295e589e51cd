/**
 * The logging surface the embedded stand-ins accept. pino loggers satisfy it, so the composition root passes a child of
 * pipegraph's logger; standalone runs and tests may pass nothing and get silence.
 */
export interface EmbeddedLogger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child?(bindings: Record<string, unknown>): EmbeddedLogger;
}

const noop = (): void => undefined;

export const silentLogger: EmbeddedLogger = { debug: noop, info: noop, warn: noop, error: noop };

/** A child logger when the parent supports it, else the parent itself. */
export function childOf(logger: EmbeddedLogger, bindings: Record<string, unknown>): EmbeddedLogger {
  return logger.child ? logger.child(bindings) : logger;
}
