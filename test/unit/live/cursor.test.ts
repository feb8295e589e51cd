import { decodeLiveCursor, encodeLiveCursor, topicScope } from '../../../src/services/live/cursor';

describe('live cursors', () => {
  it('round-trips positions, leaving unknown partitions out', () => {
    const cursor = encodeLiveCursor(topicScope('a'), [5, undefined as unknown as number, 9]);
    expect([...decodeLiveCursor(cursor, topicScope('a'), 'from.cursor')]).toEqual([[0, 5], [2, 9]]);
  });

  it('refuses a cursor issued for another topic with BAD_USER_INPUT', () => {
    const cursor = encodeLiveCursor(topicScope('a'), [1]);
    expect(() => decodeLiveCursor(cursor, topicScope('b'), 'from.cursor')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });

  it.each(['', 'not a cursor', Buffer.from('[1,"x",["a"]]').toString('base64url'), Buffer.from('{}').toString('base64url')])(
    'refuses garbage %j with BAD_USER_INPUT on the given field',
    (cursor) => {
      expect(() => decodeLiveCursor(cursor, topicScope('a'), 'from.cursor')).toThrow(
        expect.objectContaining({ code: 'BAD_USER_INPUT', details: { field: 'from.cursor' } }),
      );
    },
  );
});
