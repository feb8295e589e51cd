/**
 * kafkajs 2.2.4 (pinned) decodes the broker's error_message in CreateTopics (v1+), CreatePartitions, AlterConfigs and
 * DescribeConfigs responses, then throws a generic error ("Configuration is invalid") without it. The broker's text is
 * what tells the user *why* ("Invalid value nope for configuration cleanup.policy: …"), so the response parsers of
 * those versions are wrapped, once per process, to put it on the thrown error as `brokerMessage`; mapKafkaError passes
 * it on. Only the error path is touched; a kafkajs upgrade that moves these modules makes `installed` false (logged,
 * and the generic text comes back), never a crash.
 */

interface ErrorEntry {
  topic?: string;
  resourceName?: string;
  errorCode: number;
  errorMessage?: string | null;
}

interface ParsedResponse {
  topicErrors?: ErrorEntry[];
  resources?: ErrorEntry[];
}

type Parser = (data: ParsedResponse) => Promise<unknown>;

interface ThrownError {
  topic?: string;
  errors?: ThrownError[];
  brokerMessage?: string;
}

const RESPONSE_MODULES = [
  'createTopics/v1/response',
  'createTopics/v2/response',
  'createTopics/v3/response',
  'createPartitions/v0/response',
  'createPartitions/v1/response',
  'alterConfigs/v0/response',
  'alterConfigs/v1/response',
  'describeConfigs/v0/response',
  'describeConfigs/v1/response',
  'describeConfigs/v2/response',
];

const WRAPPED = Symbol.for('pipegraph.brokerMessage');

/** Attaches each failing entry's message to the error for its topic (aggregates) or to the error itself. */
function attach(error: ThrownError, data: ParsedResponse): void {
  const failing = [...(data.topicErrors ?? []), ...(data.resources ?? [])].filter((entry) => entry.errorCode !== 0 && entry.errorMessage);
  if (failing.length === 0) return;
  if (Array.isArray(error.errors)) {
    for (const inner of error.errors) {
      const match = failing.find((entry) => entry.topic === inner.topic) ?? failing[0]!;
      inner.brokerMessage = match.errorMessage!;
    }
    return;
  }
  error.brokerMessage = failing[0]!.errorMessage!;
}

function install(): boolean {
  try {
    for (const name of RESPONSE_MODULES) {
      const exported = require(`kafkajs/src/protocol/requests/${name}`) as { parse: Parser & { [WRAPPED]?: true } };
      if (exported.parse[WRAPPED]) continue;
      const original = exported.parse;
      const wrapped = async (data: ParsedResponse) => {
        try {
          return await original(data);
        } catch (error) {
          if (error && typeof error === 'object') attach(error as ThrownError, data);
          throw error;
        }
      };
      exported.parse = Object.assign(wrapped, { [WRAPPED]: true as const });
    }
    return true;
  } catch {
    return false;
  }
}

/** Whether the broker's error messages are being kept (false when this kafkajs has a different layout). */
export const installed = install();
