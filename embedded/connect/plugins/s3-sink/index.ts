import { CONNECT_VERSION } from '../../version';
import type { ConnectorPlugin } from '../plugin';
import { s3SinkConfigDef, validateS3Sink } from './s3-sink-config';
import { S3SinkTask } from './s3-sink-task';

/**
 * A stand-in for io.confluent.connect.s3.S3SinkConnector: Confluent's rotation, partitioners, object names and
 * exactly-once commits, writing Parquet (through DuckDB) or JSON lines to any S3-compatible store.
 */
export const s3SinkPlugin: ConnectorPlugin = {
  className: 'io.confluent.connect.s3.S3SinkConnector',
  type: 'sink',
  version: `${CONNECT_VERSION}-embedded`,
  configDef: s3SinkConfigDef,
  validate: validateS3Sink,
  taskConfigs: (config, maxTasks) => Array.from({ length: maxTasks }, () => ({ ...config })),
  createSinkTask: () => new S3SinkTask(),
};
