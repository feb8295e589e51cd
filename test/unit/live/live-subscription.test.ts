import { LiveSubscription, type LiveSink } from '../../../src/services/live';

describe('live subscription buffer', () => {
  it('ends a subscriber whose buffer overflows with SLOW_CONSUMER after what it already had', async () => {
    const sub = new LiveSubscription<number>({ capacity: 3, policy: 'SLOW_CONSUMER' });
    for (let i = 0; i < 4; i++) sub.push(i);
    await expect(sub.next()).rejects.toMatchObject({ code: 'SLOW_CONSUMER', retriable: true });
    expect(sub.isClosed).toBe(true);
  });

  it('drops the oldest buffered items with DROP_OLDEST and counts them', async () => {
    const sub = new LiveSubscription<number>({ capacity: 3, policy: 'DROP_OLDEST' });
    for (let i = 0; i < 5; i++) sub.push(i);
    const got = [(await sub.next()).value, (await sub.next()).value, (await sub.next()).value];
    expect(got).toEqual([2, 3, 4]);
    expect(sub.dropped).toBe(2);
  });

  it('hands items straight to a waiting consumer without buffering', async () => {
    const sub = new LiveSubscription<number>({ capacity: 1, policy: 'SLOW_CONSUMER' });
    const pending = sub.next();
    sub.push(7);
    expect(await pending).toEqual({ value: 7, done: false });
    expect(sub.buffered).toBe(0);
  });

  it('writes to an attached sink while it is ready and buffers otherwise', () => {
    let ready = true;
    const written: number[] = [];
    const sink: LiveSink<number> = { ready: () => ready, write: (n) => void written.push(n), end: jest.fn() };
    const sub = new LiveSubscription<number>({ capacity: 2, policy: 'SLOW_CONSUMER' });
    sub.push(1);
    sub.attach(sink);
    sub.push(2);
    ready = false;
    sub.push(3);
    expect(written).toEqual([1, 2]);
    ready = true;
    sub.drain();
    expect(written).toEqual([1, 2, 3]);
    ready = false;
    sub.push(4);
    sub.push(5);
    sub.push(6);
    expect(sink.end).toHaveBeenCalledWith(expect.objectContaining({ code: 'SLOW_CONSUMER' }));
  });

  it('runs close callbacks once when the consumer returns', async () => {
    const closed = jest.fn();
    const sub = new LiveSubscription<number>({ capacity: 1, policy: 'SLOW_CONSUMER' });
    sub.onClosed(closed);
    await sub.return();
    await sub.return();
    expect(closed).toHaveBeenCalledTimes(1);
  });
});
