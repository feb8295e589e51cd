import { portFlag, runStandalone } from '../standalone';
import { startEmbeddedSchemaRegistry } from './index';

/** Standalone registry: `npm run schema-registry -- --host 127.0.0.1 --port 8081 --kafka 127.0.0.1:9092 [--topic _schemas]`. */
runStandalone({
  name: 'embedded schema registry',
  usage: 'usage: npm run schema-registry -- --kafka HOST:PORT[,HOST:PORT] [--host 127.0.0.1] [--port 8081] [--topic _schemas]',
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    kafka: { type: 'string' },
    topic: { type: 'string' },
  },
  settings(values) {
    const kafkaBrokers = values.kafka as string | undefined;
    if (!kafkaBrokers) throw new Error('--kafka is required');
    return {
      host: (values.host as string | undefined) ?? '127.0.0.1',
      port: portFlag(values.port, 8081),
      kafkaBrokers,
      topic: (values.topic as string | undefined) ?? '_schemas',
    };
  },
  async start(settings, logger) {
    const registry = await startEmbeddedSchemaRegistry({ ...settings, logger });
    return { ready: { url: registry.url, port: registry.port, topic: settings.topic }, stop: () => registry.stop() };
  },
});
