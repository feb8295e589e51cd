import { portFlag, runStandalone } from '../standalone';
import { startEmbeddedPinot } from './index';

/**
 * `npm run pinot -- --port 9000 --kafka HOST:PORT [--host 127.0.0.1] [--data-dir DIR]`: the embedded Pinot on its
 * own, for pointing pipegraph (PINOT_BROKER_URL / PINOT_CONTROLLER_URL) or curl at it.
 */
runStandalone({
  name: 'embedded pinot',
  usage: 'usage: npm run pinot -- [--port 9000] [--kafka HOST:PORT] [--host 127.0.0.1] [--data-dir DIR]',
  options: { host: { type: 'string' }, port: { type: 'string' }, kafka: { type: 'string' }, 'data-dir': { type: 'string' } },
  settings(values) {
    return {
      host: values.host as string | undefined,
      port: portFlag(values.port, 9000),
      kafkaBrokers: (values.kafka as string | undefined) ?? process.env.KAFKA_BROKERS,
      dataDir: values['data-dir'] as string | undefined,
    };
  },
  async start(settings, logger) {
    const pinot = await startEmbeddedPinot({ ...settings, logger });
    return { ready: { url: pinot.url, kafka: settings.kafkaBrokers ?? null }, stop: () => pinot.stop() };
  },
});
