import type { Services } from '../../src/services';

/** Per-request batching loaders, one field per lookup; planes add theirs here and in createLoaders. */
export interface Loaders {
  // [plane loaders]
}

export function createLoaders(_services: Services): Loaders {
  return {};
}
