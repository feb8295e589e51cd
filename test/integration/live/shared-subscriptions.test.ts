import { LIVE_ROOT_RESOLVERS } from '../../../resolvers/live/live.mapping';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLError, parse, type ExecutionArgs } from 'graphql';
import { createClient } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import WebSocket, { WebSocketServer } from 'ws';
import { startEmbeddedKafka, type EmbeddedKafka } from '../../../embedded/kafka';
import { KafkaClient, createKafkaAdmin, createKafkaProducer } from '../../../src/adapters/kafka';
import { formatError } from '../../../src/errors/format-error';
import { createLogger } from '../../../src/logging/logger';
import { createContextFactory } from '../../../src/server/context';
import { buildAppSchema } from '../../../src/server/schema';
import { createSharedSubscriptions } from '../../../src/server/shared-subscriptions';
import { createLeftovers } from '../../helpers/leftovers';
import { openRawClient } from '../../helpers/live/raw-graphql-ws';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { waitFor, withDeadline } from '../../helpers/wait-for';

const leftovers = createLeftovers();
afterAll(() => leftovers.drain());

let broker: EmbeddedKafka;
let app: TestApp;
let kafka: KafkaClient;
let wsUrl: string;
let shared: ReturnType<typeof createSharedSubscriptions>;

beforeAll(async () => {
  broker = await startEmbeddedKafka({ port: 0 });
  leftovers.add(() => broker.stop());
  kafka = new KafkaClient({ brokers: [broker.brokers], logger: createLogger({ level: 'silent' }) });
  leftovers.add(() => kafka.close());
  await createKafkaAdmin(kafka).createTopic({ name: 'shared', partitions: 2, replicationFactor: 1, configs: [] });
  app = await startTestApp({
    kafkaBrokers: [broker.brokers],
    env: { ENRICHER_ENABLED: 'false', DEMO_GENERATOR_RATE: '0', LIVE_SUBSCRIBER_BUFFER: '20', LIVE_CONSUMER_LINGER_MS: '100' },
  });
  leftovers.add(() => app.stop());

  // The same graphql-ws wiring src/server/websocket.ts uses, plus shared.wrap.
  const schema = await buildAppSchema();
  const createContext = createContextFactory(app.container.services, createLogger({ level: 'silent' }));
  const format = (error: GraphQLError) => formatError(error);
  shared = createSharedSubscriptions({ formatError: format, syncRootResolvers: LIVE_ROOT_RESOLVERS, socketHighWaterBytes: 65_536, logger: createLogger({ level: 'silent' }) });
  const httpServer = createServer();
  const wss = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const cleanup = useServer(
    shared.wrap({
      schema,
      onSubscribe: (_ctx, _id, payload): ExecutionArgs => ({
        schema,
        document: parse(payload.query),
        operationName: payload.operationName,
        variableValues: payload.variables,
        contextValue: createContext({ id: 'test', role: 'admin', via: 'anonymous' }),
      }),
      onError: (_ctx, _id, _payload, errors) => errors.map(format),
    }),
    wss,
  );
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  wsUrl = `ws://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`;
  leftovers.add(() => withDeadline(new Promise((resolve) => httpServer.close(resolve)), { what: 'the test server to close', onTimeout: () => httpServer.closeAllConnections() }));
  leftovers.add(() => cleanup.dispose());
});

const QUERY = `subscription($where: TopicMessagesWhereInput) { topicMessages(topic: "shared", where: $where, format: STRING) { partition offset value cursor } }`;

describe('shared subscription execution', () => {
  it('executes identical subscriptions once per event, sends each subscriber a graphql-ws next frame, and keeps different variables apart', async () => {
    const clients = Array.from({ length: 4 }, () => createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 }));
    leftovers.add(() => withDeadline(Promise.all(clients.map((c) => c.dispose())), { what: 'the graphql-ws clients to close' }));
    const received: unknown[][] = clients.map(() => []);
    const unsubscribers = clients.map((client, i) =>
      client.subscribe(
        { query: QUERY, variables: i === 3 ? { where: { key: 'a' } } : {} },
        { next: (value) => void received[i]!.push(value), error: (e) => void received[i]!.push({ error: e }), complete: () => undefined },
      ),
    );
    await waitFor(() => app.container.services.live.feeds().some((f) => f.members === 4), { what: 'four members' });
    expect(shared.groupCount()).toBe(2);
    const before = shared.executions();

    await createKafkaProducer(kafka).send(
      'shared',
      Array.from({ length: 10 }, (_, i) => ({ key: i < 3 ? 'a' : 'b', value: `v${i}`, partition: i % 2 })),
    );
    await waitFor(() => received.slice(0, 3).every((r) => r.length === 10) && received[3]!.length === 3, { what: 'deliveries' });
    // 10 events for the group of three, 3 matching ones for the filtered group.
    expect(shared.executions() - before).toBe(13);
    expect(received[0]).toEqual(received[1]);
    expect(received[1]).toEqual(received[2]);
    expect(received[0]).toContainEqual({ data: { topicMessages: { partition: 0, offset: '0', value: 'v0', cursor: expect.any(String) } } });

    unsubscribers.forEach((unsubscribe) => unsubscribe());
    await waitFor(() => shared.groupCount() === 0, { what: 'groups released' });
  });

  it('ends a subscriber whose socket stays over the high-water mark with SLOW_CONSUMER', async () => {
    const slow = await openRawClient(wsUrl);
    leftovers.add(() => slow.close());
    slow.subscribe('s', QUERY);
    await waitFor(() => app.container.services.live.feeds().some((f) => f.members === 1), { what: "subscribed" });
    slow.pauseReading();
    const value = 'x'.repeat(20_000);
    const producer = createKafkaProducer(kafka);
    for (let i = 0; i < 10; i++) await producer.send('shared', Array.from({ length: 50 }, () => ({ value })));
    await waitFor(() => !app.container.services.live.feeds().some((f) => f.members > 0), { what: 'slow subscriber dropped', timeoutMs: 20_000 });
    slow.resumeReading();
    const error = await waitFor(() => slow.messages.find((m) => m.type === 'error'), { what: 'error message', timeoutMs: 20_000 });
    expect(error).toMatchObject({ id: 's', payload: [{ extensions: { code: 'SLOW_CONSUMER', retriable: true } }] });
  }, 40_000);
});
