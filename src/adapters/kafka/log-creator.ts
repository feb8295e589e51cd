import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from '../../logging/logger';

/**
 * Routes kafkajs's own log lines into pipegraph's pino logger. kafkajs INFO is mostly group-membership chatter
 * (joins, rebalances of our private live groups), so it lands at pino debug; warnings and errors keep their level.
 */
export function pinoLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _name, ...fields } = log as { message: string; timestamp?: string; logger?: string } & Record<string, unknown>;
      const entry = { kafkajs: namespace, ...fields };
      if (level === logLevel.ERROR) logger.error(entry, message);
      else if (level === logLevel.WARN) logger.warn(entry, message);
      else logger.debug(entry, message);
    };
}

/** The kafkajs level matching the logger, so kafkajs does not even build debug lines pino would drop. */
export function kafkajsLevelFor(logger: Logger): logLevel {
  if (logger.isLevelEnabled('debug')) return logLevel.DEBUG;
  if (logger.isLevelEnabled('warn')) return logLevel.WARN;
  if (logger.isLevelEnabled('error')) return logLevel.ERROR;
  return logLevel.NOTHING;
}
