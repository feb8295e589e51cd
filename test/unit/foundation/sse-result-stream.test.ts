import type { ExecutionResult } from 'graphql';
import { AppError } from '../../../src/errors/app-error';
import { pacedResults } from '../../../src/server/sse-result-stream';

/** A source that records its pulls and yields what the test pushes (or fails). */
function source() {
  const pulls: number[] = [];
  let pending: { resolve: (r: IteratorResult<ExecutionResult>) => void; reject: (e: unknown) => void } | undefined;
  let returned = false;
  const iterator: AsyncIterator<ExecutionResult> = {
    next: () => {
      pulls.push(pulls.length);
      return new Promise((resolve, reject) => (pending = { resolve, reject }));
    },
    return: async () => {
      returned = true;
      pending?.resolve({ value: undefined, done: true });
      return { value: undefined, done: true };
    },
  };
  return {
    iterator,
    pulls,
    get returned() {
      return returned;
    },
    yield: (data: unknown) => pending!.resolve({ value: { data } as ExecutionResult, done: false }),
    fail: (error: unknown) => pending!.reject(error),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('pacedResults (SSE)', () => {
  it('pulls the next result only once the stream can take more', async () => {
    const src = source();
    let writable!: () => void;
    const paced = pacedResults(src.iterator, () => new Promise<void>((resolve) => (writable = resolve)));
    const first = paced.next();
    await tick();
    expect(src.pulls).toEqual([]);
    writable();
    await tick();
    expect(src.pulls).toEqual([0]);
    src.yield({ n: 1 });
    expect(await first).toEqual({ value: { data: { n: 1 } }, done: false });
  });

  it('ends a failing source with its error as a last result, then is done', async () => {
    const src = source();
    const paced = pacedResults(src.iterator, () => Promise.resolve());
    const next = paced.next();
    await tick();
    src.fail(new AppError('SLOW_CONSUMER', 'too slow'));
    const step = await next;
    expect(step.done).toBe(false);
    expect(step.value!.errors![0]!.originalError).toBeInstanceOf(AppError);
    expect(await paced.next()).toEqual({ value: undefined, done: true });
  });

  it('passes return() to the source at once, even while a pull is pending', async () => {
    const src = source();
    const paced = pacedResults(src.iterator, () => Promise.resolve());
    const next = paced.next();
    await tick();
    await paced.return(undefined);
    expect(src.returned).toBe(true);
    expect(await next).toEqual({ value: undefined, done: true });
  });
});
