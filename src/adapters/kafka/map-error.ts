import { AppError } from '../../errors/app-error';
import type { ErrorCode } from '../../errors/codes';
import { timeBackendCall } from '../../observability/metrics';

/** Kafka protocol error names (kafkajs `error.type`) and the public code each maps to. Unlisted ones: UPSTREAM_REJECTED. */
const PROTOCOL_CODES: Record<string, ErrorCode> = {
  TOPIC_ALREADY_EXISTS: 'ALREADY_EXISTS',
  UNKNOWN_TOPIC_OR_PARTITION: 'NOT_FOUND',
  UNKNOWN_TOPIC_ID: 'NOT_FOUND',
  GROUP_ID_NOT_FOUND: 'NOT_FOUND',
  NON_EMPTY_GROUP: 'CONFLICT',
  UNKNOWN_MEMBER_ID: 'CONFLICT',
  ILLEGAL_GENERATION: 'CONFLICT',
  REBALANCE_IN_PROGRESS: 'UPSTREAM_UNAVAILABLE',
  COORDINATOR_LOAD_IN_PROGRESS: 'UPSTREAM_UNAVAILABLE',
  GROUP_LOAD_IN_PROGRESS: 'UPSTREAM_UNAVAILABLE',
  COORDINATOR_NOT_AVAILABLE: 'UPSTREAM_UNAVAILABLE',
  GROUP_COORDINATOR_NOT_AVAILABLE: 'UPSTREAM_UNAVAILABLE',
  NOT_COORDINATOR: 'UPSTREAM_UNAVAILABLE',
  NOT_COORDINATOR_FOR_GROUP: 'UPSTREAM_UNAVAILABLE',
  LEADER_NOT_AVAILABLE: 'UPSTREAM_UNAVAILABLE',
  NOT_LEADER_FOR_PARTITION: 'UPSTREAM_UNAVAILABLE',
  NOT_LEADER_OR_FOLLOWER: 'UPSTREAM_UNAVAILABLE',
  NOT_CONTROLLER: 'UPSTREAM_UNAVAILABLE',
  REQUEST_TIMED_OUT: 'UPSTREAM_UNAVAILABLE',
  NETWORK_EXCEPTION: 'UPSTREAM_UNAVAILABLE',
  NOT_ENOUGH_REPLICAS: 'UPSTREAM_UNAVAILABLE',
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: 'UPSTREAM_UNAVAILABLE',
  KAFKA_STORAGE_ERROR: 'UPSTREAM_UNAVAILABLE',
};

/** kafkajs error classes that mean "the broker cannot be reached or did not answer in time". */
const UNREACHABLE = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSTimeout',
  'KafkaJSLockTimeout',
]);

interface KafkaJsLikeError {
  name?: string;
  message?: string;
  type?: string;
  cause?: unknown;
  errors?: unknown[];
  groups?: Array<{ error?: unknown }>;
  retriable?: boolean;
  /** The broker's own error_message, kept by broker-error-messages.ts. */
  brokerMessage?: string;
}

/**
 * Turns whatever kafkajs threw into an AppError with a public code. Retry wrappers (NumberOfRetriesExceeded) and
 * aggregates (CreateTopics, DeleteGroups) are unwrapped to the broker's own answer first. `subject` names the topic or
 * group in the message; the broker's error_message, when it sent one, is the message's reason and `details.brokerMessage`.
 * An AppError passes through unchanged.
 */
export function mapKafkaError(error: unknown, subject?: string): AppError {
  if (error instanceof AppError) return error;
  const root = rootCause(error);
  const about = subject ? ` (${subject})` : '';
  if (root.type) {
    const code = PROTOCOL_CODES[root.type] ?? 'UPSTREAM_REJECTED';
    // The broker's reason beats kafkajs's generic text for the code ("Configuration is invalid").
    const reason = root.brokerMessage ?? root.message ?? '';
    return new AppError(code, `Kafka answered ${root.type}${about}: ${reason}`.trim(), {
      details: { upstream: 'kafka', kafkaError: root.type, ...(root.brokerMessage ? { brokerMessage: root.brokerMessage } : {}) },
      cause: error,
    });
  }
  if (/must have no running instances/.test(root.message ?? '')) {
    // kafkajs's own pre-check in setOffsets: the group gained members since we looked.
    return new AppError('CONFLICT', `the consumer group has active members${about}; stop them first`, { details: { upstream: 'kafka' }, cause: error });
  }
  if ((root.name && UNREACHABLE.has(root.name)) || /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|Connection (error|closed|timeout)/i.test(root.message ?? '')) {
    return new AppError('UPSTREAM_UNAVAILABLE', `Kafka is unreachable${about}: ${root.message ?? 'no answer'}`, {
      details: { upstream: 'kafka' },
      cause: error,
    });
  }
  return new AppError('UPSTREAM_REJECTED', `Kafka call failed${about}: ${root.message ?? String(error)}`, {
    details: { upstream: 'kafka' },
    cause: error,
  });
}

function rootCause(error: unknown): KafkaJsLikeError {
  let current = (error ?? {}) as KafkaJsLikeError;
  for (let depth = 0; depth < 8; depth++) {
    if (current.type) return current;
    const nested =
      current.cause ?? current.errors?.find((e) => e && (e as KafkaJsLikeError).type) ?? current.groups?.find((g) => g.error)?.error ?? current.errors?.[0];
    if (!nested || nested === current) return current;
    current = nested as KafkaJsLikeError;
  }
  return current;
}

/** Times one admin/producer call (backend metrics) and maps its failure. Every outbound Kafka call goes through this. */
export async function kafkaCall<T>(operation: string, call: () => Promise<T>, subject?: string): Promise<T> {
  try {
    return await timeBackendCall('kafka', operation, call);
  } catch (error) {
    throw mapKafkaError(error, subject);
  }
}
