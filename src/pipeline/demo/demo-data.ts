/**
 * Deterministic demo dimensions and events. The seeder, the event generator and the tests all derive from these
 * functions, so every user_id/device_id/url the generator emits joins against a seeded row (except the deliberately
 * unknown ones the generator may produce to exercise the dead-letter path).
 */
export const DEMO_USER_COUNT = 10_000;
export const DEMO_DEVICE_COUNT = 200;

const FIRST = ['ada', 'alan', 'grace', 'linus', 'barbara', 'ken', 'dennis', 'margaret', 'edsger', 'donald', 'frances', 'john', 'radia', 'tim', 'vint', 'leslie'];
const LAST = ['lovelace', 'turing', 'hopper', 'torvalds', 'liskov', 'thompson', 'ritchie', 'hamilton', 'dijkstra', 'knuth', 'allen', 'mccarthy', 'perlman', 'lee', 'cerf', 'lamport'];
const COUNTRIES = ['DE', 'FR', 'US', 'GB', 'IN', 'BR', 'JP', 'NL', 'ES', 'CA'];
const DEVICE_TYPES = ['mobile', 'desktop', 'tablet', 'tv'] as const;
const OS_BY_TYPE: Record<(typeof DEVICE_TYPES)[number], string[]> = {
  mobile: ['android', 'ios'],
  desktop: ['linux', 'macos', 'windows'],
  tablet: ['android', 'ipados'],
  tv: ['tizen', 'webos'],
};

export const URL_CATEGORIES = ['news', 'sports', 'shopping', 'tech', 'travel', 'finance', 'video', 'social'] as const;

/** 8 categories × 25 pages. */
export const DEMO_URLS: ReadonlyArray<{ url: string; urlCategory: string }> = URL_CATEGORIES.flatMap((category) =>
  Array.from({ length: 25 }, (_, i) => ({ url: `https://example.com/${category}/page-${i + 1}`, urlCategory: category })),
);

export function demoUser(userId: number) {
  const first = FIRST[userId % FIRST.length]!;
  const last = LAST[Math.floor(userId / FIRST.length) % LAST.length]!;
  return {
    userId,
    userName: `${first}_${last}_${userId}`,
    email: `${first}.${last}.${userId}@example.com`,
    country: COUNTRIES[userId % COUNTRIES.length]!,
    // Spread sign-ups over 2024 deterministically.
    signupAt: new Date(Date.UTC(2024, 0, 1) + (userId % 366) * 86_400_000),
  };
}

export function demoDevice(deviceId: number) {
  const deviceType = DEVICE_TYPES[deviceId % DEVICE_TYPES.length]!;
  const oses = OS_BY_TYPE[deviceType];
  return { deviceId, deviceType, os: oses[deviceId % oses.length]! };
}

/** A small deterministic PRNG (mulberry32): same seed, same sequence, on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface DemoClickEvent {
  timestamp: number;
  userId: number;
  deviceId: number;
  url: string;
}

/**
 * `count` raw clickstream events spread over the `spanMs` before `endMs`, from a fixed seed. Timestamps are unique per
 * user (the sink's primary key is (user_id, timestamp)).
 */
export function demoClickEvents(count: number, endMs: number, spanMs: number, seed = 42): DemoClickEvent[] {
  const random = seededRandom(seed);
  const events: DemoClickEvent[] = [];
  const step = Math.max(1, Math.floor(spanMs / Math.max(1, count)));
  for (let i = 0; i < count; i++) {
    const userId = 1 + Math.floor(random() * DEMO_USER_COUNT);
    const deviceId = 1 + Math.floor(random() * DEMO_DEVICE_COUNT);
    const { url } = DEMO_URLS[Math.floor(random() * DEMO_URLS.length)]!;
    events.push({ timestamp: endMs - spanMs + i * step, userId, deviceId, url });
  }
  return events;
}
