import { readFileSync } from 'node:fs';
import * as avro from 'avsc';
import { ConfigDef, validators } from '../../config/config-def';
import { connectSchemaOf, fromAvroValue } from '../../converters/registry/avro-data';
import type { SourceRecord } from '../../data/record';
import { fieldOf, withoutFieldName, type ConnectSchema } from '../../data/schema';
import { CONNECT_VERSION } from '../../version';
import { sleep, type ConnectorPlugin, type SourceTask, type SourceTaskContext } from '../plugin';
import { compileGenerator, GeneratorException, type AvroNode } from './arg-generator';
import { QUICKSTARTS } from './quickstarts';
import { mix, seededRandom } from './random';

const GROUP = 'Datagen';
/** Records generated per poll when max.interval is 0 (as fast as possible). */
const BURST = 500;
/** The schema sources, in the order DatagenConnectorConfig lists them in its message. */
const SOURCES = ['schema.string', 'schema.filename', 'quickstart'] as const;
const PARSE_ERROR = 'Unable to parse the provided schema';

const configDef = new ConfigDef()
  .define({ name: 'kafka.topic', type: 'STRING', importance: 'HIGH', documentation: 'Topic to write to', group: GROUP, orderInGroup: 1, width: 'MEDIUM', displayName: 'Topic', validator: validators.nonEmpty() })
  .define({ name: 'quickstart', type: 'STRING', defaultValue: '', importance: 'HIGH', documentation: `Name of quickstart to use: ${Object.keys(QUICKSTARTS).join(', ')}`, group: GROUP, orderInGroup: 2, width: 'MEDIUM', displayName: 'Quickstart' })
  .define({ name: 'schema.string', type: 'STRING', defaultValue: '', importance: 'HIGH', documentation: 'The literal JSON-encoded Avro schema to use (fields may carry avro-random-generator arg.properties)', group: GROUP, orderInGroup: 3, width: 'LONG', displayName: 'Schema string' })
  .define({ name: 'schema.filename', type: 'STRING', defaultValue: '', importance: 'HIGH', documentation: 'Filename of schema to use (a path on the worker)', group: GROUP, orderInGroup: 4, width: 'LONG', displayName: 'Schema file' })
  .define({ name: 'schema.keyfield', type: 'STRING', defaultValue: '', importance: 'HIGH', documentation: 'Name of field to use as the message key', group: GROUP, orderInGroup: 5, width: 'MEDIUM', displayName: 'Key field' })
  .define({ name: 'max.interval', type: 'LONG', defaultValue: '500', importance: 'HIGH', documentation: 'Max interval between messages (ms); 0 produces as fast as possible.', group: GROUP, orderInGroup: 6, width: 'SHORT', displayName: 'Max interval', validator: validators.atLeast(0) })
  .define({ name: 'iterations', type: 'INT', defaultValue: '-1', importance: 'HIGH', documentation: 'Number of messages to send from each task, or less than 1 for unlimited', group: GROUP, orderInGroup: 7, width: 'SHORT', displayName: 'Iterations' })
  .define({ name: 'random.seed', type: 'LONG', defaultValue: null, importance: 'LOW', documentation: 'Numeric seed for generating random data.', group: GROUP, orderInGroup: 8, width: 'SHORT', displayName: 'Random seed' });

const isSet = (config: Record<string, string>, key: string) => (config[key] ?? '').trim() !== '';

/** An Avro schema text as Avro's Schema.Parser reads it (through avsc); any failure is the connector's one message. */
function parseSchemaText(text: string): AvroNode {
  try {
    const schema = JSON.parse(text) as AvroNode;
    avro.Type.forSchema(schema as avro.Schema);
    return schema;
  } catch {
    throw new Error(PARSE_ERROR);
  }
}

/** A file that cannot be read is "Unable to find the schema file" in the released versions (0.6.5 to 0.7.1). */
function readSchemaFile(path: string): AvroNode {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error('Unable to find the schema file');
  }
  return parseSchemaText(text);
}

/** DatagenConnectorConfig.getSchema(): quickstart first, then schema.string, then schema.filename. */
function schemaOf(config: Record<string, string>): { schema: AvroNode; keyField: string } {
  const quickstart = QUICKSTARTS[(config.quickstart ?? '').trim().toLowerCase()];
  const keyField = (config['schema.keyfield'] ?? '').trim();
  if (quickstart) return { schema: quickstart.schema, keyField: keyField || quickstart.keyField };
  const schema = isSet(config, 'schema.string') ? parseSchemaText(config['schema.string']!) : readSchemaFile(config['schema.filename']!.trim());
  return { schema, keyField };
}

/**
 * DatagenConnector.validate: the validators' bare messages (ConfigException without a key), exactly one schema source,
 * and — only when the whole config parses — a key field the schema has.
 */
function validate(config: Record<string, string>): Map<string, string[]> {
  const errors = new Map<string, string[]>();
  const add = (key: string, message: string) => errors.set(key, [...(errors.get(key) ?? []), message]);
  const quickstart = (config.quickstart ?? '').trim();
  if (quickstart && !QUICKSTARTS[quickstart.toLowerCase()]) add('quickstart', `quickstart must be one out of ${Object.keys(QUICKSTARTS).join(',')}`);
  if (isSet(config, 'schema.string')) {
    try {
      parseSchemaText(config['schema.string']!);
    } catch (error) {
      add('schema.string', (error as Error).message);
    }
  }
  if (isSet(config, 'schema.filename')) {
    try {
      readSchemaFile(config['schema.filename']!.trim());
    } catch (error) {
      add('schema.filename', (error as Error).message);
    }
  }
  const sources = SOURCES.filter((key) => isSet(config, key));
  if (sources.length !== 1) for (const key of sources.length > 1 ? sources : SOURCES) add(key, `Must set exactly one of ${SOURCES.join(', ')}`);
  const parses = errors.size === 0 && configDef.validate(config).every((v) => v.errors.length === 0);
  const keyField = (config['schema.keyfield'] ?? '').trim();
  if (parses && keyField) {
    const { schema } = schemaOf(config);
    const fields = typeof schema === 'object' && !Array.isArray(schema) ? ((schema.fields as Array<{ name: string }> | undefined) ?? []) : [];
    if (!fields.some((f) => f.name === keyField)) add('schema.keyfield', "The schema does not contain the field provided in 'schema.keyfield'");
  }
  return errors;
}

/**
 * Generates records per task. Offsets under partition `{task.id}` hold the next state — `current.iteration`,
 * `random.seed`, `task.generation` — so a restarted task resumes its count, its random sequence and its iterations.
 */
class DatagenTask implements SourceTask {
  private topic = '';
  private generate!: (random: () => number) => unknown;
  private valueSchema!: ConnectSchema;
  private keySchema: ConnectSchema = { type: 'string', optional: true };
  private keyField = '';
  private maxInterval = 500;
  private iterations = -1;
  private seed = 0;
  private taskId = 0;
  private generation = 0;
  private next = 0;

  async start(props: Record<string, string>, context: SourceTaskContext): Promise<void> {
    this.topic = props['kafka.topic']!;
    this.maxInterval = Number(props['max.interval'] ?? 500);
    this.iterations = Number(props.iterations ?? -1);
    this.taskId = Number(props['task.id'] ?? context.taskId);
    this.seed = props['random.seed'] ? Number(props['random.seed']) : mix(Date.now());
    const stored = context.offsetOf(this.partition());
    if (stored) {
      this.generation = Number(stored['task.generation'] ?? 0);
      this.next = Number(stored['current.iteration'] ?? 0);
      if (stored['random.seed'] !== undefined) this.seed = Number(stored['random.seed']);
    }
    const { schema, keyField } = schemaOf(props);
    this.generate = compileGenerator(schema, this.next);
    this.valueSchema = connectSchemaOf(schema);
    this.keyField = keyField;
    const key = keyField ? fieldOf(this.valueSchema, keyField) : undefined;
    if (key) this.keySchema = withoutFieldName(key);
  }

  private partition(): Record<string, unknown> {
    return { 'task.id': this.taskId };
  }

  async poll(signal: AbortSignal): Promise<SourceRecord[]> {
    if (this.maxInterval > 0) await sleep(Math.floor(Math.random() * this.maxInterval), signal);
    if (signal.aborted) return [];
    if (this.valueSchema.type !== 'struct') {
      throw new GeneratorException(`Expected Avro Random Generator to return instance of GenericRecord, found ${this.valueSchema.type} instead`);
    }
    // As the real task: the configured count reached, the task fails (records already returned stay delivered).
    if (this.iterations > 0 && this.next >= this.iterations) throw new Error(`Stopping connector: generated the configured ${this.next} number of messages`);
    const count = this.maxInterval > 0 ? 1 : this.iterations > 0 ? Math.min(BURST, this.iterations - this.next) : BURST;
    const records: SourceRecord[] = [];
    const now = Date.now();
    for (let i = 0; i < count; i++) {
      const iteration = this.next++;
      const value = fromAvroValue(this.valueSchema, this.generate(seededRandom(mix(this.seed, this.taskId, iteration)))) as Record<string, unknown>;
      records.push({
        topic: this.topic,
        kafkaPartition: null,
        keySchema: this.keySchema,
        key: this.keyField ? value[this.keyField] : null,
        valueSchema: this.valueSchema,
        value,
        timestamp: now,
        // The real task's headers, as SimpleHeaderConverter writes longs.
        headers: { 'task.generation': String(this.generation), 'task.id': String(this.taskId), 'current.iteration': String(iteration) },
        sourcePartition: this.partition(),
        sourceOffset: { 'task.generation': this.generation + 1, 'current.iteration': this.next, 'random.seed': this.seed },
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
