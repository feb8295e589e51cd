import { ConfigDef, validators } from '../../config/config-def';
import type { SourceRecord } from '../../data/record';
import { CONNECT_VERSION } from '../../version';
import { sleep, type ConnectorPlugin, type SourceTask, type SourceTaskContext } from '../plugin';
import { QUICKSTARTS, type Quickstart } from './quickstarts';
import { mix, seededRandom } from './random';

const GROUP = 'Datagen';
/** Records generated per poll when max.interval is 0 (as fast as possible). */
const BURST = 500;

const configDef = new ConfigDef()
  .define({ name: 'kafka.topic', type: 'STRING', importance: 'HIGH', documentation: 'Topic to write to', group: GROUP, orderInGroup: 1, width: 'MEDIUM', displayName: 'Topic', validator: validators.nonEmpty() })
  .define({ name: 'quickstart', type: 'STRING', defaultValue: '', importance: 'HIGH', documentation: `Name of the quickstart: ${Object.keys(QUICKSTARTS).join(', ')}`, group: GROUP, orderInGroup: 2, width: 'MEDIUM', displayName: 'Quickstart', recommendedValues: Object.keys(QUICKSTARTS), validator: validators.oneOf(Object.keys(QUICKSTARTS), true) })
  .define({ name: 'schema.string', type: 'STRING', defaultValue: '', importance: 'LOW', documentation: 'Avro schema of the data to generate. Not supported by the embedded worker: use quickstart.', group: GROUP, orderInGroup: 3, width: 'LONG', displayName: 'Schema string', validator: (v) => (v ? 'Custom Avro schemas are not supported by the embedded datagen; use quickstart' : undefined) })
  .define({ name: 'schema.filename', type: 'STRING', defaultValue: '', importance: 'LOW', documentation: 'Avro schema file. Not supported by the embedded worker: use quickstart.', group: GROUP, orderInGroup: 4, width: 'LONG', displayName: 'Schema file', validator: (v) => (v ? 'Custom Avro schemas are not supported by the embedded datagen; use quickstart' : undefined) })
  .define({ name: 'schema.keyfield', type: 'STRING', defaultValue: '', importance: 'LOW', documentation: 'Value field to use as the record key (defaults to the quickstart\'s key field).', group: GROUP, orderInGroup: 5, width: 'MEDIUM', displayName: 'Key field' })
  .define({ name: 'max.interval', type: 'LONG', defaultValue: '500', importance: 'MEDIUM', documentation: 'Max interval between messages (ms); 0 produces as fast as possible.', group: GROUP, orderInGroup: 6, width: 'SHORT', displayName: 'Max interval', validator: validators.atLeast(0) })
  .define({ name: 'iterations', type: 'INT', defaultValue: '-1', importance: 'MEDIUM', documentation: 'Number of messages to send from each task, or less than 1 for unlimited.', group: GROUP, orderInGroup: 7, width: 'SHORT', displayName: 'Iterations' })
  .define({ name: 'random.seed', type: 'LONG', defaultValue: null, importance: 'LOW', documentation: 'Seed for the random generator, for reproducible data.', group: GROUP, orderInGroup: 8, width: 'SHORT', displayName: 'Random seed' });

function validate(config: Record<string, string>): Map<string, string[]> {
  const errors = new Map<string, string[]>();
  if (!config.quickstart && !config['schema.string'] && !config['schema.filename']) {
    errors.set('quickstart', ['Must set one of quickstart, schema.string or schema.filename']);
  }
  const quickstart = QUICKSTARTS[(config.quickstart ?? '').toLowerCase()];
  const keyField = config['schema.keyfield'];
  if (quickstart && keyField && !quickstart.schema.fields!.some((f) => f.field === keyField)) {
    errors.set('schema.keyfield', [`Invalid value ${keyField} for configuration schema.keyfield: the ${config.quickstart} quickstart has no field ${keyField}`]);
  }
  return errors;
}

/** Generates seed data per task; offsets `{current.iteration}` under partition `{task.id}` let a restart resume. */
class DatagenTask implements SourceTask {
  private topic = '';
  private quickstart!: Quickstart;
  private keyField = '';
  private maxInterval = 500;
  private iterations = -1;
  private seed = 0;
  private taskId = 0;
  private next = 0;

  async start(props: Record<string, string>, context: SourceTaskContext): Promise<void> {
    this.topic = props['kafka.topic']!;
    this.quickstart = QUICKSTARTS[(props.quickstart ?? '').toLowerCase()]!;
    this.keyField = props['schema.keyfield'] || this.quickstart.keyField;
    this.maxInterval = Number(props['max.interval'] ?? 500);
    this.iterations = Number(props.iterations ?? -1);
    this.taskId = Number(props['task.id'] ?? context.taskId);
    this.seed = props['random.seed'] ? Number(props['random.seed']) : mix(Date.now());
    const stored = context.offsetOf(this.partition());
    if (stored) {
      this.next = Number(stored['current.iteration'] ?? 0);
      if (stored['random.seed'] !== undefined && !props['random.seed']) this.seed = Number(stored['random.seed']);
    }
  }

  private partition(): Record<string, unknown> {
    return { 'task.id': this.taskId };
  }

  async poll(signal: AbortSignal): Promise<SourceRecord[]> {
    if (this.iterations > 0 && this.next >= this.iterations) {
      await sleep(1000, signal);
      return [];
    }
    if (this.maxInterval > 0) await sleep(Math.floor(Math.random() * this.maxInterval), signal);
    if (signal.aborted) return [];
    const count = this.maxInterval > 0 ? 1 : this.iterations > 0 ? Math.min(BURST, this.iterations - this.next) : BURST;
    const records: SourceRecord[] = [];
    const now = Date.now();
    for (let i = 0; i < count; i++) {
      const iteration = this.next++;
      const value = this.quickstart.generate(seededRandom(mix(this.seed, this.taskId, iteration)), iteration, now);
      records.push({
        topic: this.topic,
        kafkaPartition: null,
        keySchema: { type: 'string', optional: true },
        key: String(value[this.keyField]),
        valueSchema: this.quickstart.schema,
        value,
        timestamp: now,
        headers: {},
        sourcePartition: this.partition(),
        sourceOffset: { 'current.iteration': this.next, 'random.seed': this.seed },
      });
    }
    return records;
  }

  async stop(): Promise<void> {}
}

export const datagenPlugin: ConnectorPlugin = {
  className: 'io.confluent.kafka.connect.datagen.DatagenConnector',
  type: 'source',
  version: `${CONNECT_VERSION}-embedded`,
  configDef,
  validate,
  taskConfigs: (config, maxTasks) => Array.from({ length: maxTasks }, (_, i) => ({ ...config, 'task.id': String(i) })),
  createSourceTask: () => new DatagenTask(),
};
