import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as avro from 'avsc';
import { ConfluentAvroDecoder } from '../../../embedded/pinot/confluent-avro-decoder';
import { startEmbeddedSchemaRegistry } from '../../../embedded/schema-registry';
import { createLeftovers } from '../../helpers/leftovers';
import { waitFor } from '../../helpers/wait-for';
import { startPinotStack, stockSchema, stockTable, type PinotStack } from './pinot-fixture';

const DECODER = 'org.apache.pinot.plugin.inputformat.avro.confluent.KafkaConfluentSchemaRegistryAvroMessageDecoder';
const TOPIC = 'avro_stock';
const leftovers = createLeftovers();
let pinot: PinotStack;
let registryUrl: string;
let schemaId: number;

// The demo's StockTransaction shape, with a union and a 64-bit id to see exactness through the LONG column.
const schema = {
  type: 'record',
  name: 'StockTransaction',
  namespace: 'io.pipegraph.demo',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'user_id', type: 'int' },
    { name: 'symbol', type: ['null', 'string'], default: null },
    { name: 'shares', type: 'int' },
    { name: 'purchase', type: 'boolean' },
    { name: 'update_at', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
};
const type = avro.Type.forSchema(schema as avro.Schema);
/** Confluent's framing: magic byte 0, the schema id as a big-endian int32, then the Avro binary. */
function wire(id: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.writeInt32BE(id, 1);
  return Buffer.concat([header, payload]);
}

function tableConfig(name: string, streamConfigs: Record<string, string>) {
  const table = structuredClone(stockTable) as any;
  table.tableName = name;
  table.segmentsConfig.schemaName = name;
  Object.assign(table.tableIndexConfig.streamConfigs, { 'stream.kafka.topic.name': TOPIC, 'stream.kafka.consumer.prop.auto.offset.reset': 'smallest' }, streamConfigs);
  return table;
}

async function metric(name: string, table: string): Promise<number> {
  const text = await (await fetch(`${pinot.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{table="${table}_REALTIME"}`));
  return line ? Number(line.split(' ')[1]) : NaN;
}

beforeAll(async () => {
  pinot = await startPinotStack(leftovers, [TOPIC]);
  const registry = await startEmbeddedSchemaRegistry({ port: 0, kafkaBrokers: pinot.brokers });
  leftovers.add(() => registry.stop());
  registryUrl = registry.url;
  const registered = await fetch(`${registryUrl}/subjects/${TOPIC}-value/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ schema: JSON.stringify(schema) }),
  });
  schemaId = ((await registered.json()) as { id: number }).id;
  expect((await pinot.post('/schemas', { ...stockSchema, schemaName: 'avro_stock' })).status).toBe(200);
}, 60_000);
afterAll(() => leftovers.drain());

describe('embedded Pinot with the Confluent Avro decoder', () => {
  it('ingests Confluent Avro through the registry, dropping and counting records with an unknown id, a wrong magic byte or a bad payload', async () => {
    const added = await pinot.post('/tables', tableConfig('avro_stock', { 'stream.kafka.decoder.class.name': DECODER, 'stream.kafka.decoder.prop.schema.registry.rest.url': registryUrl }));
    expect(added).toEqual({ status: 200, body: expect.objectContaining({ status: 'Table avro_stock_REALTIME successfully added' }) });
    const good = (i: number, symbol: string | null) => wire(schemaId, type.toBuffer({ id: `t-${i}`, user_id: i, symbol, shares: 10 * i, purchase: i % 2 === 0, update_at: Date.UTC(2026, 0, 1) + i }));
    await pinot.producer.send({
      topic: TOPIC,
      messages: [
        { value: good(1, 'AAPL') },
        { value: wire(schemaId + 1000, type.toBuffer({ id: 'x', user_id: 0, symbol: 'X', shares: 1, purchase: true, update_at: 1 })) }, // unknown schema id
        { value: Buffer.from(JSON.stringify({ id: 'json', user_id: 9, symbol: 'JSON', shares: 9, purchase: true, update_at: 1 })) }, // no magic byte
        { value: wire(schemaId, Buffer.from([0xff, 0xff])) }, // truncated Avro
        { value: good(2, null) },
        { value: good(3, 'AAPL') },
      ],
    });
    await waitFor(async () => (await metric('pinot_server_invalidRealtimeRowsDropped_Count', 'avro_stock')) === 3, { what: 'three dropped rows' });
    const response = await waitFor(async () => {
      const answer = await pinot.query('SELECT symbol, SUM(shares) AS total, COUNT(*) AS n FROM avro_stock GROUP BY symbol ORDER BY total DESC');
      return answer.resultTable?.rows.length === 2 && answer;
    }, { what: 'the good rows aggregated' });
    // The null symbol is Pinot's default null value for a STRING dimension.
    expect(response.resultTable!.rows).toEqual([['AAPL', 40, 2], ['null', 20, 1]]);
    const rows = await pinot.query('SELECT id, update_at FROM avro_stock ORDER BY update_at LIMIT 1');
    expect(rows.resultTable!.rows).toEqual([['t-1', '2026-01-01 00:00:00.001']]);
    expect(await metric('pinot_server_realtimeRowsConsumed_Count', 'avro_stock')).toBe(3);
  });

  it('refuses a decoder class it does not have, and the Avro decoder without schema.registry.rest.url, naming what is missing', async () => {
    const unknown = await pinot.post('/tables', tableConfig('nope', { 'stream.kafka.decoder.class.name': 'org.example.NoSuchDecoder' }));
    expect(unknown).toEqual({
      status: 400,
      body: { code: 400, error: 'Caught exception while creating StreamMessageDecoder from stream config: java.lang.ClassNotFoundException: org.example.NoSuchDecoder' },
    });
    const noUrl = await pinot.post('/tables', tableConfig('nope', { 'stream.kafka.decoder.class.name': DECODER }));
    expect(noUrl.body.error).toBe("Caught exception while creating StreamMessageDecoder from stream config: Missing required property 'schema.registry.rest.url'");
    expect((await pinot.get('/tables')).body.tables).not.toContain('nope');
  });
});

describe('the Confluent Avro decoder against a stub registry', () => {
  it('sends basic.auth.user.info, tries the next URL after a 5xx, and reports a 404 with the REST client wording', async () => {
    const seen: string[] = [];
    const stub = createServer((request, response) => {
      seen.push(`${request.headers.authorization} ${request.url}`);
      const id = Number(/\/schemas\/ids\/(\d+)/.exec(request.url ?? '')?.[1]);
      response.setHeader('content-type', 'application/vnd.schemaregistry.v1+json');
      if (id === 1) response.end(JSON.stringify({ schema: JSON.stringify(schema) }));
      else response.writeHead(404).end(JSON.stringify({ error_code: 40403, message: 'Schema not found' }));
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    leftovers.add(() => new Promise((resolve) => stub.close(resolve)));
    const down = createServer((_request, response) => response.writeHead(503).end('{}'));
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    leftovers.add(() => new Promise((resolve) => down.close(resolve)));
    const urls = [down, stub].map((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`).join(',');
    const decoder = new ConfluentAvroDecoder({ 'schema.registry.rest.url': urls, 'basic.auth.credentials.source': 'USER_INFO', 'basic.auth.user.info': 'u:p' });
    // update_at = 2^53 + 1, beyond a double: written by hand (zig-zag varint) after the record's other fields.
    const zigzag = (n: bigint) => {
      const out: number[] = [];
      for (let z = (n << 1n) ^ (n >> 63n); ; z >>= 7n) {
        if (z <= 0x7fn) return Buffer.from([...out, Number(z)]);
        out.push(Number(z & 0x7fn) | 0x80);
      }
    };
    const head = type.toBuffer({ id: 'a', user_id: 1, symbol: 'X', shares: 2, purchase: true, update_at: 0 }).subarray(0, -1);
    const good = wire(1, Buffer.concat([head, zigzag(2n ** 53n + 1n)]));
    const unknown = wire(2, Buffer.from([0]));
    await decoder.prefetch([good, unknown, null]);
    expect(decoder.decode(good)).toEqual({ id: 'a', user_id: 1, symbol: 'X', shares: 2, purchase: true, update_at: '9007199254740993' });
    expect(() => decoder.decode(unknown)).toThrow('Error retrieving Avro value schema for id 2: Schema not found; error code: 40403');
    expect(() => decoder.decode(Buffer.from('{"id":"a"}'))).toThrow('Unknown magic byte!');
    expect(seen).toEqual([`Basic ${Buffer.from('u:p').toString('base64')} /schemas/ids/1?fetchMaxId=false`, `Basic ${Buffer.from('u:p').toString('base64')} /schemas/ids/2?fetchMaxId=false`]);
    // Known ids are cached: no registry call for the next batch.
    await decoder.prefetch([good]);
    expect(seen).toHaveLength(2);
  });
});
