/**
 * Polls `probe` until it returns a value other than undefined/false, or throws once `timeoutMs` passes.
 * Tests wait on conditions with deadlines, never on fixed sleeps.
 */
export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 10_000, intervalMs = 20, what = 'condition' }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? `: last error ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Settles as `promise` does, or rejects once `timeoutMs` passes (calling `onTimeout` first, e.g. to abort a request):
 * for an await that could otherwise wait forever — a frame that never comes, a stream that never ends, a close that
 * never completes.
 */
export async function withDeadline<T>(promise: Promise<T>, { timeoutMs = 10_000, what, onTimeout }: { timeoutMs?: number; what: string; onTimeout?: () => void }): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
