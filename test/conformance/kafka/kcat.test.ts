import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { kafkaTestKit } from './kafka-test-kit';

const run = promisify(execFile);
const kit = kafkaTestKit();
afterAll(() => kit.leftovers.drain());

const kcatPresent = spawnSync('kcat', ['-V']).status === 0;
if (!kcatPresent) {
  console.warn('kcat conformance skipped: the kcat binary is not installed (apt-get install -y kcat; .ci/run installs it)');
}
const maybe = kcatPresent ? describe : describe.skip;

maybe('embedded Kafka with kcat (librdkafka)', () => {
  it('lists metadata, produces and consumes from the beginning to the end, alone and in a group', async () => {
    const broker = await kit.broker();
    const admin = await kit.connected(kit.client(broker).admin());
    await admin.createTopics({ topics: [{ topic: 'kcat-topic', numPartitions: 2 }] });

    const { stdout: listing } = await run('kcat', ['-b', broker.brokers, '-L'], { timeout: 15_000 });
    expect(listing).toContain(`broker 0 at 127.0.0.1:${broker.port} (controller)`);
    expect(listing).toContain('topic "kcat-topic" with 2 partitions');

    const lines = Array.from({ length: 20 }, (_, i) => `key${i}:value-${i}`);
    await new Promise<void>((resolve, reject) => {
      const producer = execFile('kcat', ['-b', broker.brokers, '-P', '-t', 'kcat-topic', '-K', ':', '-p', '0'], { timeout: 15_000 }, (error) => (error ? reject(error) : resolve()));
      producer.stdin!.end(lines.join('\n') + '\n');
    });
    await new Promise<void>((resolve, reject) => {
      const producer = execFile('kcat', ['-b', broker.brokers, '-P', '-t', 'kcat-topic', '-p', '1', '-z', 'gzip'], { timeout: 15_000 }, (error) => (error ? reject(error) : resolve()));
      producer.stdin!.end('compressed-1\ncompressed-2\n');
    });

    const { stdout: consumed } = await run('kcat', ['-b', broker.brokers, '-C', '-t', 'kcat-topic', '-p', '0', '-o', 'beginning', '-e', '-f', '%o %k %s\n'], { timeout: 15_000 });
    expect(consumed.trim().split('\n')).toEqual(lines.map((line, i) => `${i} ${line.replace(':', ' ')}`));
    const { stdout: gzipped } = await run('kcat', ['-b', broker.brokers, '-C', '-t', 'kcat-topic', '-p', '1', '-o', 'beginning', '-e', '-f', '%o %s\n'], { timeout: 15_000 });
    expect(gzipped.trim().split('\n')).toEqual(['0 compressed-1', '1 compressed-2']);

    // librdkafka's consumer-group protocol: everything once, then nothing more after its commits.
    const group = ['-b', broker.brokers, '-G', 'kcat-group', 'kcat-topic', '-e', '-f', '%s\n'];
    const { stdout: grouped } = await run('kcat', [...group, '-o', 'beginning'], { timeout: 15_000 });
    expect(grouped.trim().split('\n').sort()).toEqual([...lines.map((line) => line.split(':')[1]!), 'compressed-1', 'compressed-2'].sort());
    const [committed] = await admin.fetchOffsets({ groupId: 'kcat-group', topics: ['kcat-topic'] });
    expect(committed!.partitions.map((p) => p.offset).sort()).toEqual(['2', '20']);
    const { stdout: again } = await run('kcat', group, { timeout: 15_000 });
    expect(again.trim()).toBe('');

    // What kcat wrote, kafkajs reads.
    expect(await admin.fetchTopicOffsets('kcat-topic')).toEqual(
      expect.arrayContaining([expect.objectContaining({ partition: 0, high: '20' }), expect.objectContaining({ partition: 1, high: '2' })]),
    );
  });
});
