import type { KafkaProducerPort } from '../../adapters/kafka/types';
import type { Logger } from '../../logging/logger';
import { seededRandom } from '../demo/demo-data';
import { jsonValues, type ValueWriter } from '../value-writer';
import { clickEvent, type GeneratedRecord, invalidClickEvent, stockTransaction } from './demo-events';

export interface EventGeneratorOptions {
  producer: KafkaProducerPort;
  /** Clickstream events per second. */
  rate: number;
  /** Stock transactions per second. @default rate */
  stockRate?: number;
  /** user_id range 1..users; above 10,000 (the seeded users) events stop joining. @default 10_000 */
  users?: number;
  /** Fraction of clickstream events that are malformed or unjoinable (0..1). @default 0.01 */
  invalidRate?: number;
  clickTopic?: string;
  stockTopic?: string;
  /** Stop after this many clickstream events. @default unlimited */
  count?: number;
  seed?: number;
  /** Produce interval; each tick sends what the rate allows since the last. @default 100 */
  tickMs?: number;
  /** How values are written (valueWriters: Avro through the registry, or JSON). @default JSON for both topics */
  writers?: { click: ValueWriter; stock: ValueWriter };
  logger: Logger;
}

export interface GeneratorStats {
  clicks: number;
  invalid: number;
  stocks: number;
  failedTicks: number;
}

/**
 * Produces demo traffic at a steady rate: clickstream events drawn from the demo dimensions (so they join) with a
 * small share of bad ones, and stock transactions. A tick that cannot produce (broker down) is dropped, not queued,
 * so an outage never turns into a burst.
 */
export function createEventGenerator(options: EventGeneratorOptions) {
  const random = seededRandom(options.seed ?? Date.now());
  const users = options.users ?? 10_000;
  const invalidRate = options.invalidRate ?? 0.01;
  const stockRate = options.stockRate ?? options.rate;
  const clickTopic = options.clickTopic ?? 'clickstream';
  const stockTopic = options.stockTopic ?? 'stock_transactions';
  const tickMs = options.tickMs ?? 100;
  const { click: writeClick, stock: writeStock } = options.writers ?? { click: jsonValues, stock: jsonValues };
  const toMessage = (write: ValueWriter) => (record: GeneratedRecord) => ({ key: record.key, value: record.raw ?? write(record.value!) });
  const stats: GeneratorStats = { clicks: 0, invalid: 0, stocks: 0, failedTicks: 0 };
  let timer: NodeJS.Timeout | undefined;
  let last = 0;
  let clickCredit = 0;
  let stockCredit = 0;
  let running = false;
  let busy = false;
  let finished: (() => void) | undefined;
  const done = new Promise<void>((resolve) => (finished = resolve));

  async function tick(): Promise<void> {
    if (!running || busy) return;
    busy = true;
    const now = Date.now();
    const elapsed = (now - last) / 1000;
    last = now;
    clickCredit += options.rate * elapsed;
    stockCredit += stockRate * elapsed;
    let clicks = Math.floor(clickCredit);
    const stocks = Math.floor(stockCredit);
    clickCredit -= clicks;
    stockCredit -= stocks;
    if (options.count !== undefined) clicks = Math.min(clicks, options.count - stats.clicks);
    try {
      const clickMessages: GeneratedRecord[] = [];
      let invalid = 0;
      for (let i = 0; i < clicks; i++) {
        if (random() < invalidRate) {
          invalid++;
          clickMessages.push(invalidClickEvent(random, now));
        } else clickMessages.push(clickEvent(random, users, now));
      }
      const stockMessages = Array.from({ length: stocks }, () => stockTransaction(random, users, now));
      if (clickMessages.length + stockMessages.length > 0) {
        await options.producer.sendBatch([
          { topic: clickTopic, messages: clickMessages.map(toMessage(writeClick)) },
          { topic: stockTopic, messages: stockMessages.map(toMessage(writeStock)) },
        ]);
      }
      stats.clicks += clicks;
      stats.invalid += invalid;
      stats.stocks += stocks;
    } catch (error) {
      stats.failedTicks++;
      if (stats.failedTicks % 50 === 1) options.logger.warn({ err: (error as Error).message }, 'generator could not produce; dropping this tick');
    } finally {
      busy = false;
    }
    if (options.count !== undefined && stats.clicks >= options.count) stop();
  }

  function stop(): void {
    running = false;
    clearInterval(timer);
    timer = undefined;
    finished?.();
  }

  return {
    stats,
    /** Resolves when `count` events were produced or stop() was called. */
    done,
    start(): void {
      if (running) return;
      running = true;
      last = Date.now();
      timer = setInterval(() => void tick(), tickMs);
      timer.unref?.();
    },
    async stop(): Promise<void> {
      stop();
      while (busy) await new Promise((resolve) => setTimeout(resolve, 10));
    },
  };
}

export type EventGenerator = ReturnType<typeof createEventGenerator>;
