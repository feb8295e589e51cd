import { logLevel, type LogEntry } from 'kafkajs';
import type { EmbeddedLogger } from './logger';

/** kafkajs log lines into the embedded logger; its ERRORs are mostly reconnects, so they log as warnings. */
export function kafkaLogCreator(logger: EmbeddedLogger) {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log;
      // "Response X" errors repeat what the failed call reports to its caller (e.g. a refused topic config): debug.
      if (level <= logLevel.ERROR && !/^Response /.test(message)) logger.warn(extra, `kafkajs: ${message}`);
      else logger.debug(extra, `kafkajs: ${message}`);
    };
}
