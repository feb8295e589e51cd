import type { AppError } from '../../errors/app-error';
import type { ConfigKeyDefinition, ValidationResult } from './connect-types';

/** A topic name only ever sent to validation, never created: it lets an old worker validate everything else. */
export const PROBE_TOPIC = 'pipegraph-validation-probe';

interface SinkTopicRule {
  message: RegExp;
  /** The config that gets past the rule, so the worker validates every other key. */
  probe(config: Record<string, string>): Record<string, string>;
  /** Where Connect 3.7+ reports the problem. */
  fields: string[];
}

const without = (config: Record<string, string>, key: string) => Object.fromEntries(Object.entries(config).filter(([k]) => k !== key));

/**
 * Before 3.7 (KAFKA-13327) Connect checked a sink's topics by throwing out of validation: 500 with one message
 * instead of a validation answer. These are those messages, and the config that gets past each.
 */
const RULES: SinkTopicRule[] = [
  { message: /Must configure one of topics or topics\.regex$/, probe: (c) => ({ ...c, topics: PROBE_TOPIC }), fields: ['topics', 'topics.regex'] },
  { message: /topics and topics\.regex are mutually exclusive options, but both are set\.$/, probe: (c) => without(c, 'topics.regex'), fields: ['topics', 'topics.regex'] },
  { message: /The DLQ topic '.*' may not be included in the list of topics .*$/s, probe: (c) => without(c, 'errors.deadletterqueue.topic.name'), fields: ['topics'] },
  // 3.7+ words it "may not be matched by the regex", 2.6–3.6 "may not be included in the regex matching".
  { message: /The DLQ topic '.*' may not be (?:matched by the regex for|included in the regex matching) the topics .*$/, probe: (c) => without(c, 'errors.deadletterqueue.topic.name'), fields: ['topics.regex'] },
];

export interface SinkTopicProblem {
  /** Connect's message, as 3.7+ reports it per field */
  message: string;
  fields: string[];
  probe(config: Record<string, string>): Record<string, string>;
}

/** The sink-topic problem an old worker's 500 reports, or undefined for any other error. */
export function sinkTopicProblem(error: AppError): SinkTopicProblem | undefined {
  if (error.details?.status !== 500) return undefined;
  for (const rule of RULES) {
    const match = rule.message.exec(error.message);
    if (match) return { message: match[0], fields: rule.fields, probe: rule.probe };
  }
  return undefined;
}

/**
 * The answer Connect 3.7+ gives: the probe's validation with the caller's own values put back and the sink-topic
 * problems added to their fields, counted in error_count.
 */
export function withSinkTopicProblems(result: ValidationResult, config: Record<string, string>, problems: SinkTopicProblem[]): ValidationResult {
  const configs = result.configs.map((c) => ({ definition: c.definition, value: { ...c.value, errors: [...c.value.errors] } }));
  for (const problem of problems) {
    for (const field of problem.fields) {
      let entry = configs.find((c) => c.value.name === field);
      if (!entry) {
        entry = { definition: topicDefinition(field), value: { name: field, value: null, recommended_values: [], errors: [], visible: true } };
        configs.push(entry);
      }
      entry.value.value = config[field] ?? null;
      if (!entry.value.errors.includes(problem.message)) entry.value.errors.push(problem.message);
    }
  }
  return { ...result, configs, error_count: configs.reduce((n, c) => n + c.value.errors.length, 0) };
}

function topicDefinition(name: string): ConfigKeyDefinition {
  return { name, type: name === 'topics' ? 'LIST' : 'STRING', required: false, default_value: '', importance: 'HIGH', documentation: null, group: 'Common', width: 'LONG', display_name: name, dependents: [] };
}
