import type { KafkaClient } from '../adapters/kafka/kafka-client';
import { TopicReader } from '../adapters/kafka/topic-reader';
import { AppError, isAppError } from '../errors/app-error';
import type { Logger } from '../logging/logger';
import type { ReaderFactory, ReaderSpec } from '../services/live/reader-port';
import { startOrRelease, type SupervisedWorker, type Supervisor } from './supervisor';

/** The restart counter's label for every live topic reader. */
export const LIVE_READER_KIND = 'live-reader';

/**
 * The live plane's readers, each run by the supervisor: a reader that crashes (broker gone for longer than kafkajs's
 * own retries, a fenced group, anything) is replaced by a fresh one that continues from the last positions the old one
 * handed out, so its feed loses and repeats nothing.
 */
export function supervisedReaderFactory(client: KafkaClient, supervisor: Supervisor, logger: Logger, sessionTimeoutMs?: number): ReaderFactory {
  let serial = 0;
  return (spec: ReaderSpec) => {
    const name = `${LIVE_READER_KIND}:${spec.topic}#${++serial}`;
    let positions: ReadonlyMap<number, number> = spec.startOffsets;
    let supervised: SupervisedWorker | undefined;
    let stopped = false;
    return {
      async start() {
        // Supervised from the first run on: a reader that cannot start (the broker restarting under a new
        // subscriber) is retried, and its feed hears 'down' so the outage policy (LIVE_OUTAGE_GRACE_MS) applies.
        supervised = await supervisor.supervise({
          name,
          kind: LIVE_READER_KIND,
          async start(run) {
            const reader = new TopicReader(client, { ...spec, startOffsets: positions, onCrash: run.crash, sessionTimeoutMs, logger });
            try {
              await startOrRelease(reader);
            } catch (error) {
              spec.onStatus?.('down', isAppError(error) ? error : new AppError('UPSTREAM_UNAVAILABLE', `cannot read topic "${spec.topic}"`));
              throw error;
            }
            return {
              async stop() {
                positions = new Map(reader.positions());
                await reader.stop();
              },
            };
          },
        });
        if (stopped) await supervised.stop();
      },
      async stop() {
        stopped = true;
        await supervised?.stop();
      },
    };
  };
}
