import type { Client } from 'graphql-ws';
import pino from 'pino';
import { startEmbeddedKafka } from '../../../embedded/kafka';
import { KafkaClient, createKafkaAdmin, createKafkaProducer } from '../../../src/adapters/kafka';
import { PayloadDecoder, SchemaRegistryClient, writeWireHeader } from '../../../src/adapters/schema-registry';
import { createLeftovers } from '../../helpers/leftovers';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { waitFor } from '../../helpers/wait-for';

const leftovers = createLeftovers();
afterAll(() => leftovers.drain());

let app: TestApp;
let kafka: KafkaClient;
let encoder: PayloadDecoder;

function collect<T>(client: Client, query: string, variables: Record<string, unknown>) {
  const events: T[] = [];
  const errors: unknown[] = [];
  let completed = false;
  const dispose = client.subscribe<T>({ query, variables }, {
    next: (value) => (value.errors ? errors.push(...value.errors) : events.push(value.data as T)),
    error: (error) => errors.push(error),
    complete: () => (completed = true),
  });
  return { events, errors, dispose, isCompleted: () => completed };
}

beforeAll(async () => {
  const broker = await startEmbeddedKafka({ port: 0 });
  leftovers.add(() => broker.stop());
  kafka = new KafkaClient({ brokers: [broker.brokers], logger: pino({ level: 'silent' }) });
  leftovers.add(() => kafka.close());
  await createKafkaAdmin(kafka).createTopic({ name: 'trades', partitions: 1, replicationFactor: 1, configs: [] });
  app = await startTestApp({ kafkaBrokers: [broker.brokers], backends: ['schema-registry'] });
  leftovers.add(() => app.stop());
  encoder = new PayloadDecoder(new SchemaRegistryClient({ url: app.endpoints.schemaRegistryUrl!, timeoutMs: 5_000, logger: pino({ level: 'silent' }) }));
});

describe('decoding in live topic views', () => {
  it('delivers an Avro record decoded to every subscriber, bad records raw with a decodeError, and keeps the stream going', async () => {
    const schema = JSON.stringify({ type: 'record', name: 'Trade', fields: [{ name: 'id', type: 'long' }, { name: 'symbol', type: 'string' }] });
    const registered = await app.request(`mutation($s: String!) { registerSchema(input: { subject: "trades-value", schema: $s }) { id } }`, { s: schema });
    const id = registered.body.data.registerSchema.id as number;

    const query = `subscription($format: MessageFormat) { topicMessages(topic: "trades", from: { position: EARLIEST }, format: $format) { offset format schemaId valueJson value decodeError } }`;
    const client = app.wsClient();
    const first = collect<{ topicMessages: any }>(client, query, { format: 'JSON' });
    const second = collect<{ topicMessages: any }>(client, query, { format: 'JSON' });

    const avro = await encoder.encode('trades-value', 'latest', { id: 42, symbol: 'ACME' });
    const unknownId = writeWireHeader(id + 100, Buffer.from([2, 0x61]));
    const wrongMagic = Buffer.concat([Buffer.from([1, 0, 0, 0, id]), avro.bytes.subarray(5), Buffer.from([0xff])]);
    await createKafkaProducer(kafka).send('trades', [
      { value: avro.bytes, partition: 0 },
      { value: unknownId, partition: 0 },
      { value: wrongMagic, partition: 0 },
      { value: '{"plain":true}', partition: 0 },
    ]);
    await waitFor(() => first.events.length >= 4 && second.events.length >= 4, { what: 'four messages on both subscriptions', timeoutMs: 20_000 });
    expect(first.errors).toEqual([]);
    const messages = first.events.map((e) => e.topicMessages);
    expect(messages[0]).toEqual({ offset: '0', format: 'AVRO', schemaId: id, valueJson: { id: 42, symbol: 'ACME' }, value: avro.bytes.toString('base64'), decodeError: null });
    expect(messages[1]).toEqual({ offset: '1', format: 'BYTES', schemaId: id + 100, valueJson: null, value: unknownId.toString('base64'), decodeError: `unknown schema id ${id + 100}` });
    // The topic has a value subject, so a record without the magic byte is flagged as the deserializer would.
    expect(messages[2]).toMatchObject({ offset: '2', format: 'BYTES', schemaId: null, decodeError: 'Unknown magic byte!' });
    expect(messages[3]).toMatchObject({ offset: '3', format: 'JSON', valueJson: { plain: true }, decodeError: 'Unknown magic byte!' });
    expect(second.events.map((e) => e.topicMessages)).toEqual(messages);
    expect(first.isCompleted()).toBe(false);
    first.dispose();
    second.dispose();
  });

  it('produceMessage encodes with a subject latest or given version, and refuses bad input changing nothing', async () => {
    await createKafkaAdmin(kafka).createTopic({ name: 'orders', partitions: 1, replicationFactor: 1, configs: [] });
    const v1 = JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'n', type: 'long' }] });
    const v2 = JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'n', type: 'long' }, { name: 'note', type: 'string', default: '' }] });
    for (const s of [v1, v2]) await app.request(`mutation($s: String!) { registerSchema(input: { subject: "orders-value", schema: $s }) { id } }`, { s });
    const produce = `mutation($input: ProduceMessageInput!) { produceMessage(input: $input) { offset schemaId } }`;
    const viaVariables = await app.request(produce, { input: { topic: 'orders', value: '{"n":9007199254740993,"note":"hi"}', valueSchemaSubject: 'orders-value' } });
    expect(viaVariables.body.errors).toBeUndefined();
    const viaLiteral = await app.request(`mutation { produceMessage(input: { topic: "orders", value: "{\\"n\\":7}", valueSchemaSubject: "orders-value", valueSchemaVersion: 1 }) { offset schemaId } }`);
    expect(viaLiteral.body.errors).toBeUndefined();
    expect(viaLiteral.body.data.produceMessage.schemaId).not.toBe(viaVariables.body.data.produceMessage.schemaId);

    for (const [input, code] of [
      [{ topic: 'orders', value: '{"n":1}', valueSchemaSubject: 'missing-value' }, 'NOT_FOUND'],
      [{ topic: 'orders', value: '{"n":1}', valueSchemaSubject: 'orders-value', valueSchemaVersion: 9 }, 'NOT_FOUND'],
      [{ topic: 'orders', value: '{"n":"x"}', valueSchemaSubject: 'orders-value' }, 'BAD_USER_INPUT'],
      [{ topic: 'orders', value: 'not json', valueSchemaSubject: 'orders-value' }, 'BAD_USER_INPUT'],
      [{ topic: 'orders', value: '{"n":1}', valueSchemaSubject: 'orders-value', valueSchemaVersion: 0 }, 'BAD_USER_INPUT'],
    ] as const) {
      const { body } = await app.request(produce, { input });
      expect(body.errors?.[0]?.extensions?.code).toBe(code);
    }

    const tail = collect<{ topicMessages: any }>(app.wsClient(), `subscription { topicMessages(topic: "orders", from: { position: EARLIEST }) { offset format valueJson } }`, {});
    await waitFor(() => tail.events.length >= 2, { what: 'the two produced orders' });
    expect(tail.events.map((e) => e.topicMessages)).toEqual([
      { offset: '0', format: 'AVRO', valueJson: { n: '9007199254740993', note: 'hi' } },
      { offset: '1', format: 'AVRO', valueJson: { n: 7 } },
    ]);
    tail.dispose();
  });
});
