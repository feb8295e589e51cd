/**
 * The backends, in their own process: embedded Kafka and embedded Pinot (in memory), as a production Pinot would be
 * another machine. Reports its addresses to the parent over IPC and stops when the parent disconnects.
 */
import { startEmbeddedKafka } from '../../embedded/kafka';
import { startEmbeddedPinot } from '../../embedded/pinot';

async function main() {
  const kafka = await startEmbeddedKafka({ port: 0 });
  const pinot = await startEmbeddedPinot({ port: 0, kafkaBrokers: kafka.brokers });
  process.send?.({ ready: true, kafkaBrokers: kafka.brokers, pinotUrl: pinot.url });
  process.on('disconnect', () => {
    void pinot.stop().then(() => kafka.stop()).then(() => process.exit(0));
  });
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
