/**
 * Disposers registered by tests and drained in afterAll, so a server or broker is closed even when a test fails.
 * Usage: `const leftovers = createLeftovers(); afterAll(() => leftovers.drain());`
 */
export function createLeftovers() {
  const disposers: Array<() => Promise<unknown> | unknown> = [];
  return {
    add<T>(disposer: () => Promise<unknown> | unknown, value?: T): T | undefined {
      disposers.push(disposer);
      return value;
    },
    async drain(): Promise<void> {
      // Last in, first out: a server goes down before the broker it talks to.
      while (disposers.length > 0) {
        const dispose = disposers.pop()!;
        await Promise.resolve().then(dispose).catch(() => undefined);
      }
    },
  };
}
