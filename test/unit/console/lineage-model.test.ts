import { buildLineage, type ConnectorInput } from '../../../src/console/app/pipeline/lineage-model';
import { nodeHealth } from '../../../src/console/app/pipeline/health';

const datagen: ConnectorInput = {
  name: 'datagen',
  type: 'SOURCE',
  config: {},
  lineage: { sourceTopics: [], targetTopics: ['clickstream'], targetTables: [] },
};
const jdbcSink: ConnectorInput = {
  name: 'jdbc',
  type: 'SINK',
  config: { 'errors.deadletterqueue.topic.name': 'enriched-dlq' },
  lineage: { sourceTopics: ['enriched-clickstream'], targetTopics: [], targetTables: [{ schema: 'public', name: 'clickstream_events' }] },
};
const enricher = { groupId: 'pipegraph-enricher', sourceTopic: 'clickstream', targetTopic: 'enriched-clickstream', dlqTopic: 'clickstream-dlq' };

describe('the console lineage graph model', () => {
  it('links source → topic → enricher → topic → sink → table, with dead-letter edges and the groups that measure them', () => {
    const lineage = buildLineage({
      connectors: [datagen, jdbcSink],
      topics: ['clickstream', 'enriched-clickstream', 'clickstream-dlq', 'connect-offsets'],
      groups: ['pipegraph-enricher', 'connect-jdbc'],
      pinotTables: [],
      enricher,
    });
    expect(lineage.edges.map((edge) => edge.id).sort()).toEqual(
      [
        'connector:datagen->topic:clickstream',
        'topic:clickstream->worker:enricher',
        'worker:enricher->topic:enriched-clickstream',
        'worker:enricher->topic:clickstream-dlq',
        'topic:enriched-clickstream->connector:jdbc',
        'connector:jdbc->postgres:public.clickstream_events',
        'connector:jdbc->topic:enriched-dlq',
      ].sort(),
    );
    expect(lineage.nodes.find((node) => node.id === 'connector:jdbc')).toMatchObject({ kind: 'sink', groupId: 'connect-jdbc' });
    expect(lineage.nodes.find((node) => node.id === 'worker:enricher')).toMatchObject({ groupId: 'pipegraph-enricher' });
    expect(lineage.edges.find((edge) => edge.id === 'topic:enriched-clickstream->connector:jdbc')?.rate).toEqual({ group: 'connect-jdbc', topic: 'enriched-clickstream' });
    expect(lineage.edges.filter((edge) => edge.deadLetters).map((edge) => edge.to).sort()).toEqual(['topic:clickstream-dlq', 'topic:enriched-dlq']);
    expect(lineage.deadLetterTopics).toEqual(new Map([['enriched-dlq', 'connector:jdbc'], ['clickstream-dlq', 'worker:enricher']]));
  });

  it('leaves out topics nothing reads or writes, the enricher while its group does not exist, and a sink group not created yet', () => {
    const lineage = buildLineage({ connectors: [jdbcSink], topics: ['connect-offsets', 'enriched-clickstream'], groups: [], pinotTables: [], enricher });
    expect(lineage.nodes.map((node) => node.id)).not.toContain('topic:connect-offsets');
    expect(lineage.nodes.map((node) => node.id)).not.toContain('worker:enricher');
    expect(lineage.nodes.find((node) => node.id === 'connector:jdbc')?.groupId).toBeUndefined();
  });

  it('takes a sink group override from consumer.override.group.id', () => {
    const lineage = buildLineage({ connectors: [{ ...jdbcSink, config: { 'consumer.override.group.id': 'mine' } }], topics: [], groups: ['mine'], pinotTables: [] });
    expect(lineage.nodes.find((node) => node.id === 'connector:jdbc')?.groupId).toBe('mine');
  });

  it('draws an S3 sink prefix from its config, and Pinot tables matched to topics by their words as inferred edges', () => {
    const s3: ConnectorInput = {
      name: 'archive',
      type: 'SINK',
      config: { 's3.bucket.name': 'lake', 'topics.dir': '/raw/' },
      lineage: { sourceTopics: ['enriched-clickstream'], targetTopics: [], targetTables: [] },
    };
    const lineage = buildLineage({ connectors: [s3], topics: ['enriched-clickstream', 'stock_transactions'], groups: [], pinotTables: ['clickstream_enriched', 'stock_transactions', 'orphan'] });
    expect(lineage.edges.map((edge) => [edge.id, Boolean(edge.inferred)])).toEqual([
      ['topic:enriched-clickstream->connector:archive', false],
      ['connector:archive->s3:s3://lake/raw/', false],
      ['topic:enriched-clickstream->pinot:clickstream_enriched', true],
      ['topic:stock_transactions->pinot:stock_transactions', true],
    ]);
    expect(lineage.nodes.find((node) => node.id === 'pinot:orphan')).toMatchObject({ kind: 'pinot' });
  });

  it('colours connectors by connector and task state, and consumers by lag and dead letters', () => {
    const sink = { id: 'connector:jdbc', kind: 'sink' as const, label: 'jdbc', groupId: 'connect-jdbc' };
    expect(nodeHealth(sink, { connectorState: 'RUNNING', taskStates: ['RUNNING'] })).toBe('ok');
    expect(nodeHealth(sink, { connectorState: 'RUNNING', taskStates: ['FAILED'] })).toBe('bad');
    expect(nodeHealth(sink, { connectorState: 'PAUSED', taskStates: ['PAUSED'] })).toBe('idle');
    expect(nodeHealth(sink, { connectorState: 'RUNNING', taskStates: ['UNASSIGNED'] })).toBe('warn');
    expect(nodeHealth(sink, { connectorState: 'RUNNING', taskStates: ['RUNNING'], lag: 5_000 })).toBe('warn');
    expect(nodeHealth(sink, { connectorState: 'RUNNING', taskStates: ['RUNNING'], deadLetterRate: 0.5 })).toBe('warn');
    expect(nodeHealth(sink, {})).toBe('unknown');
    expect(nodeHealth({ id: 'worker:enricher', kind: 'worker', label: 'enricher', groupId: 'g' }, { lag: 2 })).toBe('ok');
  });
});
