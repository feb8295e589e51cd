import { portFlag, runStandalone } from '../standalone';
import { startEmbeddedConnect } from './index';

/** Standalone worker: `npm run connect -- --port 8083 --kafka 127.0.0.1:9092`. */
runStandalone({
  name: 'embedded connect',
  usage: 'usage: npm run connect -- --kafka HOST:PORT [--host 127.0.0.1] [--port 8083] [--group-id connect-cluster]',
  options: { host: { type: 'string' }, port: { type: 'string' }, kafka: { type: 'string' }, 'group-id': { type: 'string' } },
  settings(values) {
    const kafka = (values.kafka as string | undefined) ?? process.env.KAFKA_BROKERS;
    if (!kafka) throw new Error('--kafka HOST:PORT is required (or set KAFKA_BROKERS)');
    return {
      host: (values.host as string | undefined) ?? '127.0.0.1',
      port: portFlag(values.port, 8083),
      kafkaBrokers: kafka,
      groupId: (values['group-id'] as string | undefined) ?? 'connect-cluster',
    };
  },
  async start(settings, logger) {
    const worker = await startEmbeddedConnect({ ...settings, logger });
    return { ready: { url: worker.url, kafka: settings.kafkaBrokers }, stop: () => worker.stop() };
  },
});
