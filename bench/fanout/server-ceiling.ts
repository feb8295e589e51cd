import { WebSocketServer, type WebSocket } from 'ws';
import { KafkaClient } from '../../src/adapters/kafka/kafka-client';
import { createKafkaAdmin } from '../../src/adapters/kafka/kafka-admin';
import { TopicReader } from '../../src/adapters/kafka/topic-reader';
import { createLogger } from '../../src/logging/logger';
import { TOPIC } from './common';
import { reportCpuOnRequest } from './server-ipc';

/**
 * The ceiling: a plain ws server speaking just enough graphql-transport-ws (ack, then next frames), reading the same
 * topic with the same Kafka reader, and broadcasting one pre-serialized frame per event to every socket.
 */
async function main(): Promise<void> {
  const logger = createLogger({ level: 'warn' });
  const kafka = new KafkaClient({ brokers: [process.env.KAFKA_BROKERS!], logger });
  const subscribers = new Set<WebSocket>();
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string };
      if (message.type === 'connection_init') socket.send('{"type":"connection_ack"}');
      if (message.type === 'subscribe') subscribers.add(socket);
    });
    socket.on('close', () => subscribers.delete(socket));
  });
  const ends = await createKafkaAdmin(kafka).topicOffsets(TOPIC);
  const reader = new TopicReader(kafka, {
    topic: TOPIC,
    groupId: `bench-ceiling-${process.pid}`,
    startOffsets: new Map(ends.map((e) => [e.partition, Number(e.high)])),
    logger,
    onRecords: (records) => {
      for (const record of records) {
        const frame = `{"id":"1","type":"next","payload":{"data":{"enrichedClickstream":${record.value!.toString()}}}}`;
        for (const socket of subscribers) socket.send(frame);
      }
    },
  });
  await reader.start();
  const address = wss.address() as { port: number };
  if (!wss.address()) await new Promise((resolve) => wss.once('listening', resolve));
  reportCpuOnRequest();
  process.send!({ type: 'ready', port: address.port });
}

void main();
