import { isSecretKey, REDACTED, redactSecrets, scrubText, secretValuesOf } from '../../../src/secrets';
import { lineageOf } from '../../../src/services/connectors/lineage';

describe('secret redaction', () => {
  test('recognises keys naming a password, secret, token, credential or private key, and no others', () => {
    for (const key of ['connection.password', 'ssl.key.password', 'aws.secret.access.key', 'sasl.jaas.config', 'auth.token', 'gcs.credentials.json', 'ssh.private.key', 'privateKey', 'api.key', 'x.PASSWORD']) {
      expect({ key, secret: isSecretKey(key) }).toEqual({ key, secret: true });
    }
    for (const key of ['key.converter', 'pk.fields', 'schema.keyfield', 'topics', 'connection.user', 'aws.access.key.id']) {
      expect({ key, secret: isSecretKey(key) }).toEqual({ key, secret: false });
    }
  });

  test('redacts secret values at any depth and credentials inside URLs, leaving the rest intact', () => {
    const redacted = redactSecrets({
      'connection.password': 'pw',
      'connection.url': 'jdbc:postgresql://db:5432/app?user=a&password=pw2&ssl=true',
      nested: { config: { 'aws.secret.access.key': 'k' }, list: ['postgres://u:pw3@host/db'] },
      'connection.user': 'app',
      empty: { 'x.password': '' },
    });
    expect(redacted).toEqual({
      'connection.password': REDACTED,
      'connection.url': `jdbc:postgresql://db:5432/app?user=a&password=${REDACTED}&ssl=true`,
      nested: { config: { 'aws.secret.access.key': REDACTED }, list: [`postgres://u:${REDACTED}@host/db`] },
      'connection.user': 'app',
      empty: { 'x.password': '' },
    });
  });

  test('cuts secret values out of free text such as error messages and traces', () => {
    const secrets = secretValuesOf({ a: { 'db.password': 'hunter22' }, 'x.token': 'tok-123' });
    expect(secrets.sort()).toEqual(['hunter22', 'tok-123']);
    expect(scrubText('login failed for hunter22 with tok-123 at postgres://u:p@h/db', secrets)).toBe(`login failed for ${REDACTED} with ${REDACTED} at postgres://u:${REDACTED}@h/db`);
  });
});

describe('lineage', () => {
  test('maps a JDBC sink\'s topics through table.name.format to tables', () => {
    expect(lineageOf('sink', { 'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector', topics: 'a,b', 'table.name.format': 'sink.${topic}_rows' })).toEqual({
      sourceTopics: ['a', 'b'],
      targetTopics: [],
      targetTables: [{ schema: 'sink', name: 'a_rows' }, { schema: 'sink', name: 'b_rows' }],
      targetObjects: [],
      schemaSubjects: [],
    });
  });

  test('shows the bucket and per-topic prefix an S3 sink writes (topics.dir, default topics)', () => {
    expect(lineageOf('sink', { 'connector.class': 'io.confluent.connect.s3.S3SinkConnector', topics: 'a,b', 's3.bucket.name': 'lake' }).targetObjects).toEqual([
      { bucket: 'lake', prefix: 'topics/a/' },
      { bucket: 'lake', prefix: 'topics/b/' },
    ]);
    expect(lineageOf('sink', { 'connector.class': 'S3SinkConnector', topics: 'a', 's3.bucket.name': 'lake', 'topics.dir': 'raw' }).targetObjects).toEqual([{ bucket: 'lake', prefix: 'raw/a/' }]);
  });

  test('uses the active topics for topics.regex sinks and the configured topic of sources', () => {
    expect(lineageOf('sink', { 'connector.class': 'JdbcSinkConnector', 'topics.regex': 'x.*' }, ['x1']).targetTables).toEqual([{ schema: null, name: 'x1' }]);
    expect(lineageOf('sink', { 'connector.class': 'FileStreamSinkConnector', topics: 'a' }).targetTables).toEqual([]);
    expect(lineageOf('source', { 'kafka.topic': 'clickstream' })).toEqual({ sourceTopics: [], targetTopics: ['clickstream'], targetTables: [], targetObjects: [], schemaSubjects: [] });
  });

  test('lists the subjects a sink reads and a source writes through Schema Registry converters (TopicNameStrategy)', () => {
    const sink = lineageOf('sink', {
      'connector.class': 'JdbcSinkConnector',
      topics: 'a,b',
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'io.confluent.connect.avro.AvroConverter',
      'value.converter.schema.registry.url': 'http://sr:8081',
    });
    expect(sink.schemaSubjects).toEqual([
      { subject: 'a-value', topic: 'a', part: 'VALUE', access: 'READ', converter: 'io.confluent.connect.avro.AvroConverter' },
      { subject: 'b-value', topic: 'b', part: 'VALUE', access: 'READ', converter: 'io.confluent.connect.avro.AvroConverter' },
    ]);
    const source = lineageOf('source', { 'kafka.topic': 'clickstream', 'key.converter': 'ProtobufConverter', 'value.converter': 'io.confluent.connect.json.JsonSchemaConverter' });
    expect(source.schemaSubjects).toEqual([
      { subject: 'clickstream-key', topic: 'clickstream', part: 'KEY', access: 'WRITE', converter: 'io.confluent.connect.protobuf.ProtobufConverter' },
      { subject: 'clickstream-value', topic: 'clickstream', part: 'VALUE', access: 'WRITE', converter: 'io.confluent.connect.json.JsonSchemaConverter' },
    ]);
    // A record-derived subject cannot be named from the config.
    const byRecord = lineageOf('sink', { topics: 'a', 'value.converter': 'io.confluent.connect.avro.AvroConverter', 'value.converter.value.subject.name.strategy': 'io.confluent.kafka.serializers.subject.RecordNameStrategy' });
    expect(byRecord.schemaSubjects).toEqual([]);
  });
});
