import { ConfigDef, validators } from './config-def';

const COMMON = 'Common';
const ERRORS = 'Error Handling';

/** Keys every connector has (Connect's ConnectorConfig). */
export function commonConnectorConfigDef(): ConfigDef {
  let order = 0;
  return new ConfigDef()
    .define({ name: 'name', type: 'STRING', importance: 'HIGH', documentation: 'Globally unique name to use for this connector.', group: COMMON, orderInGroup: ++order, width: 'MEDIUM', displayName: 'Connector name', validator: validators.nonEmpty() })
    .define({ name: 'connector.class', type: 'STRING', importance: 'HIGH', documentation: 'Name or alias of the class for this connector.', group: COMMON, orderInGroup: ++order, width: 'LONG', displayName: 'Connector class' })
    .define({ name: 'tasks.max', type: 'INT', defaultValue: '1', importance: 'HIGH', documentation: 'Maximum number of tasks to use for this connector.', group: COMMON, orderInGroup: ++order, width: 'SHORT', displayName: 'Tasks max', validator: validators.atLeast(1) })
    .define({ name: 'key.converter', type: 'CLASS', defaultValue: null, importance: 'LOW', documentation: 'Converter class used to convert between Kafka Connect format and the serialized form that is written to Kafka. Overrides the worker setting.', group: COMMON, orderInGroup: ++order, width: 'SHORT', displayName: 'Key converter class' })
    .define({ name: 'value.converter', type: 'CLASS', defaultValue: null, importance: 'LOW', documentation: 'Converter class used to convert between Kafka Connect format and the serialized form that is written to Kafka. Overrides the worker setting.', group: COMMON, orderInGroup: ++order, width: 'SHORT', displayName: 'Value converter class' })
    .define({ name: 'header.converter', type: 'CLASS', defaultValue: null, importance: 'LOW', documentation: 'HeaderConverter class used to convert between Kafka Connect format and the serialized form that is written to Kafka.', group: COMMON, orderInGroup: ++order, width: 'SHORT', displayName: 'Header converter class' })
    .define({ name: 'transforms', type: 'LIST', defaultValue: '', importance: 'LOW', documentation: 'Aliases for the transformations to be applied to records.', group: 'Transforms', orderInGroup: 1, width: 'LONG', displayName: 'Transforms' })
    .define({ name: 'predicates', type: 'LIST', defaultValue: '', importance: 'LOW', documentation: 'Aliases for the predicates used by transformations.', group: 'Predicates', orderInGroup: 1, width: 'LONG', displayName: 'Predicates' })
    .define({ name: 'errors.retry.timeout', type: 'LONG', defaultValue: '0', importance: 'MEDIUM', documentation: 'The maximum duration in milliseconds that a failed operation will be reattempted. The default is 0, which means no retries will be attempted. Use -1 for infinite retries.', group: ERRORS, orderInGroup: 1, width: 'MEDIUM', displayName: 'Retry Timeout for Errors' })
    .define({ name: 'errors.retry.delay.max.ms', type: 'LONG', defaultValue: '60000', importance: 'MEDIUM', documentation: 'The maximum duration in milliseconds between consecutive retry attempts.', group: ERRORS, orderInGroup: 2, width: 'MEDIUM', displayName: 'Maximum Delay Between Retries for Errors' })
    .define({ name: 'errors.tolerance', type: 'STRING', defaultValue: 'none', importance: 'MEDIUM', documentation: "Behavior for tolerating errors during connector operation. 'none' is the default value and signals that any error will result in an immediate connector task failure; 'all' changes the behavior to skip over problematic records.", group: ERRORS, orderInGroup: 3, width: 'SHORT', displayName: 'Error Tolerance', validator: validators.oneOf(['none', 'all'], true) })
    .define({ name: 'errors.log.enable', type: 'BOOLEAN', defaultValue: 'false', importance: 'MEDIUM', documentation: 'If true, write each error and the details of the failed operation and problematic record to the Connect application log.', group: ERRORS, orderInGroup: 4, width: 'SHORT', displayName: 'Log Errors' })
    .define({ name: 'errors.log.include.messages', type: 'BOOLEAN', defaultValue: 'false', importance: 'MEDIUM', documentation: 'Whether to include in the log the Connect record that resulted in a failure.', group: ERRORS, orderInGroup: 5, width: 'SHORT', displayName: 'Log Error Details' });
}

/** Keys of sink connectors (Connect's SinkConnectorConfig). */
export function sinkConnectorConfigDef(): ConfigDef {
  return commonConnectorConfigDef()
    .define({ name: 'topics', type: 'LIST', defaultValue: '', importance: 'HIGH', documentation: 'List of topics to consume, separated by commas', group: COMMON, orderInGroup: 4, width: 'LONG', displayName: 'Topics' })
    .define({ name: 'topics.regex', type: 'STRING', defaultValue: '', importance: 'HIGH', documentation: 'Regular expression giving topics to consume. Only one of topics or topics.regex should be specified.', group: COMMON, orderInGroup: 4, width: 'LONG', displayName: 'Topics regex' })
    .define({ name: 'errors.deadletterqueue.topic.name', type: 'STRING', defaultValue: '', importance: 'MEDIUM', documentation: 'The name of the topic to be used as the dead letter queue (DLQ) for messages that result in an error when processed by this sink connector, or its transformations or converters.', group: ERRORS, orderInGroup: 6, width: 'MEDIUM', displayName: 'Dead Letter Queue Topic Name' })
    .define({ name: 'errors.deadletterqueue.topic.replication.factor', type: 'SHORT', defaultValue: '3', importance: 'MEDIUM', documentation: 'Replication factor used to create the dead letter queue topic when it doesn\'t already exist.', group: ERRORS, orderInGroup: 7, width: 'MEDIUM', displayName: 'Dead Letter Queue Topic Replication Factor' })
    .define({ name: 'errors.deadletterqueue.context.headers.enable', type: 'BOOLEAN', defaultValue: 'false', importance: 'MEDIUM', documentation: 'If true, add headers containing error context to the messages written to the dead letter queue.', group: ERRORS, orderInGroup: 8, width: 'MEDIUM', displayName: 'Enable Error Context Headers' });
}

/** Keys of source connectors (Connect's SourceConnectorConfig, the parts that apply to one embedded worker). */
export function sourceConnectorConfigDef(): ConfigDef {
  return commonConnectorConfigDef()
    .define({ name: 'topic.creation.groups', type: 'LIST', defaultValue: '', importance: 'LOW', documentation: 'Groups of configurations for topics created by source connectors', group: 'Topic Creation', orderInGroup: 1, width: 'LONG', displayName: 'Topic Creation Groups' })
    .define({ name: 'offsets.storage.topic', type: 'STRING', defaultValue: null, importance: 'LOW', documentation: 'The name of a separate offsets topic to use for this connector. The embedded worker always uses the worker\'s offsets topic.', group: COMMON, orderInGroup: 10, width: 'LONG', displayName: 'Offsets topic' });
}

/** Sink topic rules (Connect's SinkConnectorConfig.validate): exactly one of topics / topics.regex, no DLQ loop. */
export function validateSinkTopics(config: Record<string, string>): Map<string, string[]> {
  const errors = new Map<string, string[]>();
  const topics = (config.topics ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const regex = (config['topics.regex'] ?? '').trim();
  if (topics.length > 0 && regex) {
    const message = 'topics and topics.regex are mutually exclusive options, but both are set.';
    errors.set('topics', [message]);
    errors.set('topics.regex', [message]);
  } else if (topics.length === 0 && !regex) {
    const message = 'Must configure one of topics or topics.regex';
    errors.set('topics', [message]);
    errors.set('topics.regex', [message]);
  }
  if (regex) {
    try {
      new RegExp(regex);
    } catch (error) {
      errors.set('topics.regex', [`Invalid value ${regex} for configuration topics.regex: ${(error as Error).message}`]);
    }
  }
  const dlq = (config['errors.deadletterqueue.topic.name'] ?? '').trim();
  if (dlq && (topics.includes(dlq) || (regex && safeTest(regex, dlq)))) {
    errors.set('errors.deadletterqueue.topic.name', [`The DLQ topic '${dlq}' may not be included in the list of topics ('topics=${config.topics ?? ''}') consumed by the connector`]);
  }
  return errors;
}

function safeTest(regex: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${regex})$`).test(value);
  } catch {
    return false;
  }
}
