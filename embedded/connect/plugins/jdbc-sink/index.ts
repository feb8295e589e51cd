import { CONNECT_VERSION } from '../../version';
import type { ConnectorPlugin } from '../plugin';
import { jdbcSinkConfigDef, validateJdbcSink } from './jdbc-sink-config';
import { JdbcSinkTask } from './jdbc-sink-task';

/** A PostgreSQL-only stand-in for io.confluent.connect.jdbc.JdbcSinkConnector, config-compatible with it. */
export const jdbcSinkPlugin: ConnectorPlugin = {
  className: 'io.confluent.connect.jdbc.JdbcSinkConnector',
  type: 'sink',
  version: `${CONNECT_VERSION}-embedded`,
  configDef: jdbcSinkConfigDef,
  validate: validateJdbcSink,
  // Every task gets the full config; the consumer group spreads partitions over them.
  taskConfigs: (config, maxTasks) => Array.from({ length: maxTasks }, () => ({ ...config })),
  createSinkTask: () => new JdbcSinkTask(),
};
