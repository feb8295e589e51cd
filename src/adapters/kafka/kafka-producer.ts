import type { Message, RecordMetadata } from 'kafkajs';
import type { KafkaClient } from './kafka-client';
import { kafkaCall } from './map-error';
import type { KafkaProducerPort, OutgoingMessage, ProducedRecord } from './types';

/** Produces through the shared producer with acks=all, so a resolved send means the records are durable. */
export function createKafkaProducer(client: KafkaClient): KafkaProducerPort {
  return {
    send: (topic, messages) =>
      kafkaCall(
        'produce',
        async () => toRecords(await (await client.getProducer()).send({ topic, acks: -1, messages: messages.map(toKafkaMessage) })),
        `topic "${topic}"`,
      ),
    sendBatch: (batches) =>
      kafkaCall('produceBatch', async () =>
        toRecords(
          await (await client.getProducer()).sendBatch({
            acks: -1,
            topicMessages: batches.filter((b) => b.messages.length > 0).map((b) => ({ topic: b.topic, messages: b.messages.map(toKafkaMessage) })),
          }),
        ),
      ),
  };
}

function toKafkaMessage(message: OutgoingMessage): Message {
  return {
    key: message.key ?? null,
    value: message.value,
    headers: message.headers,
    partition: message.partition,
    timestamp: message.timestamp === undefined ? undefined : String(message.timestamp),
  };
}

function toRecords(metadata: RecordMetadata[]): ProducedRecord[] {
  return metadata.map((m) => ({ topic: m.topicName, partition: m.partition, baseOffset: m.baseOffset ?? m.offset ?? '-1' }));
}
