import { field, structSchema, type ConnectSchema } from '../../data/schema';
import { between, pick } from './random';

export interface Quickstart {
  /** value field used as the record key */
  keyField: string;
  schema: ConnectSchema;
  generate(random: () => number, iteration: number, now: number): Record<string, unknown>;
}

/**
 * The seed dimensions the generated ids point into, mirroring src/pipeline/demo/demo-data.ts (embedded/ cannot import
 * src/): users 1..10000, devices 1..200, and urls https://example.com/<category>/page-<1..25> in 8 categories.
 */
export const SEED_SIZES = { users: 10_000, devices: 200, pagesPerCategory: 25 } as const;
const URL_CATEGORIES = ['news', 'sports', 'shopping', 'tech', 'travel', 'finance', 'video', 'social'];

const SYMBOLS = ['AAPL', 'MSFT', 'GOOG', 'AMZN', 'META', 'NVDA', 'TSLA', 'ORCL', 'IBM', 'INTC', 'AMD', 'NFLX', 'ADBE', 'CRM', 'PYPL'];
const FIRST = ['Ada', 'Alan', 'Grace', 'Linus', 'Barbara', 'Ken', 'Dennis', 'Margaret', 'Edsger', 'Frances', 'John', 'Radia'];
const LAST = ['Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Liskov', 'Thompson', 'Ritchie', 'Hamilton', 'Dijkstra', 'Allen', 'Backus', 'Perlman'];

const requiredString: ConnectSchema = { type: 'string', optional: false };

/** The seed pipeline's data (see DESIGN.md): clickstream events, users, and stock transactions for Pinot. */
export const QUICKSTARTS: Record<string, Quickstart> = {
  clickstream: {
    keyField: 'user_id',
    // The seed's raw clickstream event, as the enricher reads it: {timestamp (epoch ms), user_id, url, device_id}.
    schema: structSchema(
      [field('timestamp', { type: 'int64' }), field('user_id', { type: 'int32' }), field('url', requiredString), field('device_id', { type: 'int32' })],
      'clickstream',
    ),
    generate: (random, _iteration, now) => ({
      timestamp: now,
      user_id: between(random, 1, SEED_SIZES.users),
      url: `https://example.com/${pick(random, URL_CATEGORIES)}/page-${between(random, 1, SEED_SIZES.pagesPerCategory)}`,
      device_id: between(random, 1, SEED_SIZES.devices),
    }),
  },
  users: {
    keyField: 'user_id',
    schema: structSchema(
      [field('user_id', { type: 'int32' }), field('user_name', requiredString), field('registered_at', { type: 'int64' })],
      'users',
    ),
    generate: (random, iteration, now) => {
      const userId = (iteration % SEED_SIZES.users) + 1;
      return { user_id: userId, user_name: `${pick(random, FIRST)} ${pick(random, LAST)}`, registered_at: now - between(random, 0, 365) * 86_400_000 };
    },
  },
  stock_trades: {
    keyField: 'symbol',
    schema: structSchema(
      [
        field('id', requiredString),
        field('user_id', { type: 'int32' }),
        field('symbol', requiredString),
        field('shares', { type: 'int32' }),
        field('purchase', { type: 'boolean' }),
        field('update_at', { type: 'int64' }),
      ],
      'stock_trades',
    ),
    generate: (random, iteration, now) => ({
      id: `trade-${iteration}-${Math.floor(random() * 1e9).toString(36)}`,
      user_id: between(random, 1, SEED_SIZES.users),
      symbol: pick(random, SYMBOLS),
      shares: between(random, 1, 500),
      purchase: random() < 0.6,
      update_at: now,
    }),
  },
};
