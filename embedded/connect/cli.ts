import { portFlag, runStandalone } from '../standalone';
import { DEFAULT_STATUS_DELAY_MS, startEmbeddedConnect } from './index';
import { CONNECT_VERSIONS, DEFAULT_CONNECT_VERSION, parseConnectVersion } from './version';

/** Standalone worker: `npm run connect -- --port 8083 --kafka 127.0.0.1:9092 [--version 2.4] [--status-delay-ms 300]`. */
runStandalone({
  name: 'embedded connect',
  usage:
    'usage: npm run connect -- --kafka HOST:PORT [--host 127.0.0.1] [--port 8083] [--group-id connect-cluster] ' +
    `[--version ${CONNECT_VERSIONS.join('|')}] [--status-delay-ms ${DEFAULT_STATUS_DELAY_MS}]\n` +
    '  --version defaults to EMBEDDED_CONNECT_VERSION, else ' + DEFAULT_CONNECT_VERSION +
    '; --status-delay-ms to EMBEDDED_CONNECT_STATUS_DELAY_MS, else ' + DEFAULT_STATUS_DELAY_MS,
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    kafka: { type: 'string' },
    'group-id': { type: 'string' },
    version: { type: 'string' },
    'status-delay-ms': { type: 'string' },
  },
  settings(values) {
    const kafka = (values.kafka as string | undefined) ?? process.env.KAFKA_BROKERS;
    if (!kafka) throw new Error('--kafka HOST:PORT is required (or set KAFKA_BROKERS)');
    const delay = (values['status-delay-ms'] as string | undefined) ?? process.env.EMBEDDED_CONNECT_STATUS_DELAY_MS;
    const statusDelayMs = delay === undefined || delay === '' ? DEFAULT_STATUS_DELAY_MS : Number(delay);
    if (!Number.isInteger(statusDelayMs) || statusDelayMs < 0) throw new Error('--status-delay-ms must be an integer ≥ 0');
    const version = (values.version as string | undefined) ?? (process.env.EMBEDDED_CONNECT_VERSION || DEFAULT_CONNECT_VERSION);
    return {
      host: (values.host as string | undefined) ?? '127.0.0.1',
      port: portFlag(values.port, 8083),
      kafkaBrokers: kafka,
      groupId: (values['group-id'] as string | undefined) ?? 'connect-cluster',
      version: parseConnectVersion(version),
      statusDelayMs,
    };
  },
  async start(settings, logger) {
    const worker = await startEmbeddedConnect({ ...settings, logger });
    return { ready: { url: worker.url, kafka: settings.kafkaBrokers, version: settings.version }, stop: () => worker.stop() };
  },
});
