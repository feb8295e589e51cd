import { AppError } from '../../../src/errors/app-error';
import { jdbcSinkConfig, type JdbcSinkTemplateInput } from '../../../src/services/connectors/templates/jdbc-sink-template';
import { s3SinkConfig, type S3SinkTemplateInput } from '../../../src/services/connectors/templates/s3-sink-template';

function problemsOf(run: () => unknown): Array<{ field: string; message: string }> {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('BAD_USER_INPUT');
    return (error as AppError).details!.fields as Array<{ field: string; message: string }>;
  }
  throw new Error('expected BAD_USER_INPUT');
}

const jdbc: JdbcSinkTemplateInput = { name: 'orders', topics: ['orders'], connectionUrl: 'jdbc:postgresql://db:5432/shop' };

describe('JDBC sink template', () => {
  test('produces the exact Confluent config with Confluent\'s defaults spelled out', () => {
    expect(jdbcSinkConfig(jdbc)).toEqual({
      'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
      'tasks.max': '1',
      topics: 'orders',
      'connection.url': 'jdbc:postgresql://db:5432/shop',
      'insert.mode': 'insert',
      'pk.mode': 'none',
      'auto.create': 'false',
      'auto.evolve': 'false',
      'table.name.format': '${topic}',
      'delete.enabled': 'false',
      'errors.tolerance': 'none',
    });
  });

  test('maps upsert, keys, deletes, batching, a dead-letter topic and converters', () => {
    const config = jdbcSinkConfig({
      ...jdbc,
      topics: null,
      topicsRegex: 'orders-.*',
      connectionUser: 'app',
      connectionPassword: 's3cret',
      insertMode: 'UPSERT',
      pkMode: 'RECORD_KEY',
      pkFields: ['order_id'],
      deleteEnabled: true,
      batchSize: 500,
      tasksMax: 3,
      autoCreate: true,
      autoEvolve: true,
      errorsTolerance: 'ALL',
      deadLetterTopic: 'orders-dlq',
      deadLetterTopicReplicationFactor: 3,
      deadLetterContextHeaders: true,
      keyConverter: { kind: 'STRING' },
      valueConverter: { kind: 'AVRO', schemaRegistryUrl: 'http://registry:8081' },
    });
    expect(config).toMatchObject({
      'topics.regex': 'orders-.*',
      'connection.user': 'app',
      'connection.password': 's3cret',
      'insert.mode': 'upsert',
      'pk.mode': 'record_key',
      'pk.fields': 'order_id',
      'delete.enabled': 'true',
      'batch.size': '500',
      'tasks.max': '3',
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': 'orders-dlq',
      'errors.deadletterqueue.topic.replication.factor': '3',
      'errors.deadletterqueue.context.headers.enable': 'true',
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'io.confluent.connect.avro.AvroConverter',
      'value.converter.schema.registry.url': 'http://registry:8081',
    });
    expect(config).not.toHaveProperty('topics');
  });

  test('names every problem the connector would only hit at runtime', () => {
    const problems = problemsOf(() =>
      jdbcSinkConfig({
        name: '',
        topics: ['ok', 'bad/topic'],
        connectionUrl: 'jdbc:postgresql://db/shop?password=oops',
        insertMode: 'UPDATE',
        deleteEnabled: true,
        pkFields: ['id'],
        deadLetterTopic: 'ok',
        valueConverter: { kind: 'JSON_SCHEMALESS' },
        batchSize: 0,
      }),
    );
    expect(problems.map((p) => p.field)).toEqual([
      'input.name',
      'input.topics[1]',
      'input.connectionUrl',
      'input.pkMode',
      'input.deleteEnabled',
      'input.pkFields',
      'input.valueConverter',
      'input.batchSize',
      'input.deadLetterTopic',
      'input.deadLetterTopic',
    ]);
  });

  test('asks for exactly one of topics and topicsRegex', () => {
    expect(problemsOf(() => jdbcSinkConfig({ ...jdbc, topics: [] }))).toEqual([{ field: 'input.topics', message: 'give at least one topic (or topicsRegex)' }]);
    expect(problemsOf(() => jdbcSinkConfig({ ...jdbc, topicsRegex: 'a.*' }))[0]!.field).toBe('input.topicsRegex');
  });
});

const s3: S3SinkTemplateInput = {
  name: 'archive',
  topics: ['events'],
  bucket: 'my-archive',
  region: 'us-east-1',
  flushSize: 100,
  format: 'JSON',
  pathFormat: "'dt'=YYYY-MM-dd",
  locale: 'en-US',
  timezone: 'Europe/Berlin',
};

describe('S3 sink template', () => {
  test('produces S3Storage + TimeBasedPartitioner config for each format', () => {
    expect(s3SinkConfig(s3)).toEqual({
      'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
      'tasks.max': '1',
      topics: 'events',
      's3.bucket.name': 'my-archive',
      's3.region': 'us-east-1',
      'storage.class': 'io.confluent.connect.s3.storage.S3Storage',
      'format.class': 'io.confluent.connect.s3.format.json.JsonFormat',
      'flush.size': '100',
      'partitioner.class': 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner',
      'path.format': "'dt'=YYYY-MM-dd",
      'partition.duration.ms': '3600000',
      locale: 'en-US',
      timezone: 'Europe/Berlin',
      'timestamp.extractor': 'Record',
      'errors.tolerance': 'none',
    });
    expect(s3SinkConfig({ ...s3, format: 'AVRO' })['format.class']).toBe('io.confluent.connect.s3.format.avro.AvroFormat');
    expect(s3SinkConfig({ ...s3, format: 'PARQUET', parquetCodec: 'zstd' })).toMatchObject({ 'format.class': 'io.confluent.connect.s3.format.parquet.ParquetFormat', 'parquet.codec': 'zstd' });
    expect(s3SinkConfig({ ...s3, timestampExtractor: 'WALLCLOCK', rotateScheduleIntervalMs: 60000 })).toMatchObject({ 'timestamp.extractor': 'Wallclock', 'rotate.schedule.interval.ms': '60000' });
  });

  test('names every invalid field', () => {
    const problems = problemsOf(() =>
      s3SinkConfig({
        ...s3,
        bucket: 'My_Bucket',
        region: 'mars-1',
        flushSize: 0,
        format: 'PARQUET',
        valueConverter: { kind: 'STRING' },
        parquetCodec: 'rar',
        pathFormat: "'static'",
        locale: 'english',
        timezone: 'Mars/Olympus',
        timestampExtractor: 'RECORD_FIELD',
        awsAccessKeyId: 'AKIA',
      }),
    );
    expect(problems.map((p) => p.field)).toEqual([
      'input.bucket',
      'input.region',
      'input.flushSize',
      'input.valueConverter',
      'input.parquetCodec',
      'input.pathFormat',
      'input.locale',
      'input.timezone',
      'input.timestampField',
      'input.awsSecretAccessKey',
    ]);
  });
});
