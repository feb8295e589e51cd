import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError, KafkaJSAggregateError, KafkaJSDeleteGroupsError } from 'kafkajs';
import { mapKafkaError } from '../../../src/adapters/kafka/map-error';

const protocol = (type: string) => new KafkaJSProtocolError({ type, message: `${type} happened`, code: 1, retriable: false } as never);

describe('mapping Kafka errors to public codes', () => {
  it.each([
    ['TOPIC_ALREADY_EXISTS', 'ALREADY_EXISTS'],
    ['UNKNOWN_TOPIC_OR_PARTITION', 'NOT_FOUND'],
    ['GROUP_ID_NOT_FOUND', 'NOT_FOUND'],
    ['NON_EMPTY_GROUP', 'CONFLICT'],
    ['INVALID_CONFIG', 'UPSTREAM_REJECTED'],
    ['POLICY_VIOLATION', 'UPSTREAM_REJECTED'],
    ['REQUEST_TIMED_OUT', 'UPSTREAM_UNAVAILABLE'],
    ['COORDINATOR_NOT_AVAILABLE', 'UPSTREAM_UNAVAILABLE'],
  ])('maps %s to %s', (type, code) => {
    expect(mapKafkaError(protocol(type), 'topic "t"')).toMatchObject({ code, details: { upstream: 'kafka', kafkaError: type } });
  });

  it('maps an unreachable broker behind retries to a retriable UPSTREAM_UNAVAILABLE', () => {
    const cause = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:1');
    const error = new KafkaJSNumberOfRetriesExceeded(cause, { retryCount: 2, retryTime: 100 });
    expect(mapKafkaError(error)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retriable: true });
  });

  it('unwraps CreateTopics aggregates and DeleteGroups results to the broker answer', () => {
    expect(mapKafkaError(new KafkaJSAggregateError('failed', [protocol('INVALID_REPLICATION_FACTOR')]))).toMatchObject({ code: 'UPSTREAM_REJECTED' });
    expect(mapKafkaError(new KafkaJSDeleteGroupsError('failed', [{ groupId: 'g', errorCode: 68, error: protocol('NON_EMPTY_GROUP') }] as never))).toMatchObject({
      code: 'CONFLICT',
    });
  });

  it("puts the broker's error_message, when kafkajs kept it, in the message and details", () => {
    const error = Object.assign(protocol('INVALID_CONFIG'), { brokerMessage: 'Invalid value x for configuration cleanup.policy: String must be one of: compact, delete' });
    expect(mapKafkaError(new KafkaJSAggregateError('Topic creation errors', [error]), 'topic "t"')).toMatchObject({
      code: 'UPSTREAM_REJECTED',
      message: 'Kafka answered INVALID_CONFIG (topic "t"): Invalid value x for configuration cleanup.policy: String must be one of: compact, delete',
      details: { brokerMessage: 'Invalid value x for configuration cleanup.policy: String must be one of: compact, delete' },
    });
  });
});
