import { parseArgs } from 'node:util';
import { KafkaClient } from '../../adapters/kafka/kafka-client';
import { createKafkaAdmin } from '../../adapters/kafka/kafka-admin';
import { createKafkaProducer } from '../../adapters/kafka/kafka-producer';
import { loadConfigOrExit } from '../../config';
import { createLogger } from '../../logging/logger';
import { PayloadDecoder, SchemaRegistryClient } from '../../adapters/schema-registry';
import { CLICK_SCHEMA, STOCK_TRANSACTION_SCHEMA } from '../demo/avro-schemas';
import { valueWriters } from '../value-writer';
import { createEventGenerator } from './event-generator';

const USAGE = `npm run generate -- [--rate 1000] [--users 10000] [--stock-rate N] [--invalid-rate 0.01] [--count N] [--duration SECONDS] [--json]
Produces clickstream and stock_transactions events to KAFKA_BROKERS (default: the embedded broker of a running npm start),
as Confluent Avro with the schemas registered in SCHEMA_REGISTRY_URL (default: the embedded registry of npm start), or
as plain JSON with --json.`;

/** `npm run generate`: demo and benchmark traffic from the command line. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string', default: '1000' },
      users: { type: 'string', default: '10000' },
      'stock-rate': { type: 'string' },
      'invalid-rate': { type: 'string' },
      count: { type: 'string' },
      duration: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const number = (name: string, raw: string | undefined, min: number, max: number) => {
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      console.error(`--${name} must be a number between ${min} and ${max}\n${USAGE}`);
      process.exit(2);
    }
    return n;
  };
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.http.logLevel }).child({ worker: 'generator' });
  const brokers = config.kafka.brokers ?? [`127.0.0.1:${config.kafka.embeddedPort}`];
  const client = new KafkaClient({ brokers, clientId: `${config.kafka.clientId}-generator`, logger: logger.child({ adapter: 'kafka' }) });
  const admin = createKafkaAdmin(client);
  for (const name of [config.live.enricher.sourceTopic, 'stock_transactions']) {
    await admin.ensureTopic({ name, partitions: config.live.pipelineTopicPartitions, replicationFactor: 1, configs: [] });
  }
  const clickTopic = config.live.enricher.sourceTopic;
  const registry = values.json
    ? undefined
    : new PayloadDecoder(
        new SchemaRegistryClient({
          url: config.schemaRegistry.url ?? `http://127.0.0.1:${config.schemaRegistry.embeddedPort}`,
          basicAuth: config.schemaRegistry.basicAuth,
          timeoutMs: config.schemaRegistry.timeoutMs,
          logger: logger.child({ adapter: 'schema-registry' }),
        }),
      );
  const writers = await valueWriters(registry, { [clickTopic]: CLICK_SCHEMA, stock_transactions: STOCK_TRANSACTION_SCHEMA });
  const generator = createEventGenerator({
    producer: createKafkaProducer(client),
    rate: number('rate', values.rate, 0, 10_000_000)!,
    users: number('users', values.users, 1, 100_000_000),
    stockRate: number('stock-rate', values['stock-rate'], 0, 10_000_000),
    invalidRate: number('invalid-rate', values['invalid-rate'], 0, 1) ?? config.live.generator.invalidRate,
    count: number('count', values.count, 1, Number.MAX_SAFE_INTEGER),
    clickTopic,
    writers: { click: writers[clickTopic]!, stock: writers.stock_transactions! },
    logger,
  });
  const finish = async () => {
    await generator.stop();
    await client.close();
    console.log(JSON.stringify(generator.stats));
    process.exit(0);
  };
  process.on('SIGINT', () => void finish());
  process.on('SIGTERM', () => void finish());
  const duration = number('duration', values.duration, 0, 31_536_000);
  if (duration !== undefined) setTimeout(() => void finish(), duration * 1000);
  generator.start();
  const progress = setInterval(() => logger.info(generator.stats, 'generator progress'), 10_000);
  await generator.done;
  clearInterval(progress);
  await finish();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
