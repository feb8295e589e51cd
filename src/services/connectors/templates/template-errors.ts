import { AppError } from '../../../errors/app-error';

/** Collects every problem of a template input, so a caller sees them all at once, each naming its field. */
export class FieldProblems {
  private readonly problems: Array<{ field: string; message: string }> = [];

  add(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  check(condition: boolean, field: string, message: string): void {
    if (!condition) this.add(field, message);
  }

  /** BAD_USER_INPUT listing every problem (details.fields), the first one's field as details.field. */
  throwIfAny(): void {
    if (this.problems.length === 0) return;
    const [first] = this.problems;
    const message = this.problems.length === 1 ? `${first!.field}: ${first!.message}` : `${this.problems.length} invalid fields: ${this.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`;
    throw new AppError('BAD_USER_INPUT', message, { details: { field: first!.field, fields: this.problems } });
  }
}

export type ConverterKind = 'JSON' | 'JSON_SCHEMALESS' | 'STRING' | 'BYTES' | 'AVRO' | 'PROTOBUF' | 'JSON_SCHEMA';

export interface ConverterInput {
  kind: ConverterKind;
  /** Schema Registry URL, required by AVRO, PROTOBUF and JSON_SCHEMA */
  schemaRegistryUrl?: string | null;
}

const CONVERTER_CLASSES: Record<ConverterKind, string> = {
  JSON: 'org.apache.kafka.connect.json.JsonConverter',
  JSON_SCHEMALESS: 'org.apache.kafka.connect.json.JsonConverter',
  STRING: 'org.apache.kafka.connect.storage.StringConverter',
  BYTES: 'org.apache.kafka.connect.converters.ByteArrayConverter',
  AVRO: 'io.confluent.connect.avro.AvroConverter',
  PROTOBUF: 'io.confluent.connect.protobuf.ProtobufConverter',
  JSON_SCHEMA: 'io.confluent.connect.json.JsonSchemaConverter',
};

/** `key.converter`/`value.converter` keys for a converter choice (schemas.enable for JSON, the registry URL for the rest). */
export function converterConfig(prefix: 'key.converter' | 'value.converter', input: ConverterInput | null | undefined, field: string, problems: FieldProblems): Record<string, string> {
  if (!input) return {};
  const out: Record<string, string> = { [prefix]: CONVERTER_CLASSES[input.kind] };
  if (input.kind === 'JSON') out[`${prefix}.schemas.enable`] = 'true';
  if (input.kind === 'JSON_SCHEMALESS') out[`${prefix}.schemas.enable`] = 'false';
  if (input.kind === 'AVRO' || input.kind === 'PROTOBUF' || input.kind === 'JSON_SCHEMA') {
    if (!input.schemaRegistryUrl || !/^https?:\/\//.test(input.schemaRegistryUrl)) problems.add(`${field}.schemaRegistryUrl`, `${input.kind} needs a schemaRegistryUrl (http or https)`);
    else out[`${prefix}.schema.registry.url`] = input.schemaRegistryUrl;
  }
  return out;
}

/** True when records converted this way carry a schema (needed by Parquet, Avro output and the JDBC sink). */
export function carriesSchema(kind: ConverterKind | undefined): boolean {
  return kind === 'JSON' || kind === 'AVRO' || kind === 'PROTOBUF' || kind === 'JSON_SCHEMA';
}

export const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

export interface ErrorHandlingInput {
  errorsTolerance?: 'NONE' | 'ALL' | null;
  deadLetterTopic?: string | null;
  deadLetterTopicReplicationFactor?: number | null;
  deadLetterContextHeaders?: boolean | null;
  logErrors?: boolean | null;
}

/** errors.* keys; a dead-letter topic only makes sense with tolerance ALL and must not be one of the consumed topics. */
export function errorHandlingConfig(input: ErrorHandlingInput, topics: string[], problems: FieldProblems): Record<string, string> {
  const out: Record<string, string> = {};
  const tolerance = input.errorsTolerance ?? 'NONE';
  out['errors.tolerance'] = tolerance.toLowerCase();
  if (input.logErrors) out['errors.log.enable'] = 'true';
  if (input.deadLetterTopic) {
    problems.check(tolerance === 'ALL', 'input.deadLetterTopic', 'a dead-letter topic needs errorsTolerance: ALL (with NONE the first bad record fails the task)');
    problems.check(TOPIC_NAME.test(input.deadLetterTopic), 'input.deadLetterTopic', 'not a valid Kafka topic name');
    problems.check(!topics.includes(input.deadLetterTopic), 'input.deadLetterTopic', 'must not be one of the topics the connector consumes');
    out['errors.deadletterqueue.topic.name'] = input.deadLetterTopic;
    if (input.deadLetterTopicReplicationFactor != null) {
      problems.check(input.deadLetterTopicReplicationFactor >= 1 && input.deadLetterTopicReplicationFactor <= 32767, 'input.deadLetterTopicReplicationFactor', 'must be between 1 and 32767');
      out['errors.deadletterqueue.topic.replication.factor'] = String(input.deadLetterTopicReplicationFactor);
    }
    if (input.deadLetterContextHeaders) out['errors.deadletterqueue.context.headers.enable'] = 'true';
  } else {
    problems.check(input.deadLetterTopicReplicationFactor == null, 'input.deadLetterTopicReplicationFactor', 'only applies with a deadLetterTopic');
    problems.check(!input.deadLetterContextHeaders, 'input.deadLetterContextHeaders', 'only applies with a deadLetterTopic');
  }
  return out;
}

export interface TopicsInput {
  topics?: string[] | null;
  topicsRegex?: string | null;
}

/** topics or topics.regex, exactly one. */
export function topicsConfig(input: TopicsInput, problems: FieldProblems): { config: Record<string, string>; topics: string[] } {
  const topics = input.topics ?? [];
  if (topics.length > 0 && input.topicsRegex) {
    problems.add('input.topicsRegex', 'give either topics or topicsRegex, not both');
    return { config: {}, topics };
  }
  if (input.topicsRegex) {
    try {
      new RegExp(input.topicsRegex);
    } catch (error) {
      problems.add('input.topicsRegex', `not a valid regular expression: ${(error as Error).message}`);
    }
    return { config: { 'topics.regex': input.topicsRegex }, topics: [] };
  }
  if (topics.length === 0) {
    problems.add('input.topics', 'give at least one topic (or topicsRegex)');
    return { config: {}, topics };
  }
  topics.forEach((t, i) => problems.check(TOPIC_NAME.test(t), `input.topics[${i}]`, `"${t}" is not a valid Kafka topic name`));
  problems.check(new Set(topics).size === topics.length, 'input.topics', 'lists a topic twice');
  return { config: { topics: topics.join(',') }, topics };
}

export function checkConnectorName(name: string, problems: FieldProblems): void {
  problems.check(name.trim().length > 0, 'input.name', 'must not be empty');
  problems.check(name.length <= 249, 'input.name', 'at most 249 characters');
  problems.check(!/[\u0000-\u001f\u007f/\\]/.test(name), 'input.name', 'must not contain control characters or slashes');
}

export function checkTasksMax(tasksMax: number | null | undefined, problems: FieldProblems): string {
  const value = tasksMax ?? 1;
  problems.check(Number.isInteger(value) && value >= 1 && value <= 1000, 'input.tasksMax', 'must be between 1 and 1000');
  return String(value);
}
