import fs from 'node:fs';
import path from 'node:path';
import { silentLogger } from '../../../embedded/logger';
import { OffsetStore } from '../../../embedded/kafka/group/offset-store';
import { kafkaTestKit } from './kafka-test-kit';

const kit = kafkaTestKit();
afterAll(() => kit.leftovers.drain());

function open(dir: string): OffsetStore {
  const store = new OffsetStore(dir, silentLogger);
  kit.leftovers.add(() => store.close());
  return store;
}

describe('embedded Kafka committed offsets journal', () => {
  it('replays commits and deletions after a reopen', () => {
    const dir = kit.tempDir();
    const store = open(dir);
    store.commit('g1', [{ topic: 't', partition: 0, offset: 5, metadata: 'm' }, { topic: 'u', partition: 1, offset: 9, metadata: null }]);
    store.commit('g1', [{ topic: 't', partition: 0, offset: 7, metadata: null }]);
    store.commit('g2', [{ topic: 't', partition: 0, offset: 1, metadata: null }]);
    store.deleteGroup('g2');
    store.deleteTopic('u');
    store.close();
    const reopened = open(dir);
    expect(reopened.get('g1', 't', 0)).toEqual({ offset: 7, metadata: null });
    expect(reopened.get('g1', 'u', 1)).toBeUndefined();
    expect(reopened.groupIds()).toEqual(['g1']);
  });

  it('skips a line torn by a crash and keeps later commits readable', () => {
    const dir = kit.tempDir();
    const store = open(dir);
    store.commit('g', [{ topic: 't', partition: 0, offset: 3, metadata: null }]);
    store.close();
    fs.appendFileSync(path.join(dir, 'groups', 'offsets.jsonl'), '{"g":"g","t":"t","p":0,"o":4');
    const recovered = open(dir);
    expect(recovered.get('g', 't', 0)?.offset).toBe(3);
    recovered.commit('g', [{ topic: 't', partition: 0, offset: 8, metadata: null }]);
    recovered.close();
    expect(open(dir).get('g', 't', 0)?.offset).toBe(8);
  });
});
