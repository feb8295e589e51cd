import path from 'node:path';
import { portFlag, runStandalone } from '../standalone';
import { startEmbeddedKafka } from './index';
import { checkKafkaVersion, DEFAULT_KAFKA_VERSION } from './kafka-version';

/** Standalone broker: `npm run kafka -- --host 127.0.0.1 --port 9092 --data-dir DIR`. */
runStandalone({
  name: 'embedded kafka',
  usage: 'usage: npm run kafka -- [--host 127.0.0.1] [--port 9092] [--data-dir DIR] [--auto-create-topics] [--partitions N] [--kafka-version 3.9]',
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    'auto-create-topics': { type: 'boolean' },
    partitions: { type: 'string' },
    'kafka-version': { type: 'string' },
  },
  settings(values) {
    const defaultPartitions = values.partitions === undefined ? 1 : Number(values.partitions);
    if (!Number.isInteger(defaultPartitions) || defaultPartitions < 1) throw new Error('--partitions must be a positive integer');
    return {
      host: (values.host as string | undefined) ?? '127.0.0.1',
      port: portFlag(values.port, 9092),
      dataDir: path.resolve((values['data-dir'] as string | undefined) ?? path.join(process.env.DATA_DIR || './.data', 'kafka')),
      autoCreateTopics: values['auto-create-topics'] === true,
      defaultPartitions,
      kafkaVersion: checkKafkaVersion((values['kafka-version'] as string | undefined) ?? DEFAULT_KAFKA_VERSION),
    };
  },
  async start(settings, logger) {
    const broker = await startEmbeddedKafka({ ...settings, logger });
    return { ready: { brokers: broker.brokers, port: broker.port, dataDir: settings.dataDir }, stop: () => broker.stop() };
  },
});
