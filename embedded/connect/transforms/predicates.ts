import { ConfigDef } from '../config/config-def';
import type { ConnectRecord } from '../data/record';

export interface PredicatePlugin {
  className: string;
  configDef: ConfigDef;
  create(props: Record<string, string>): (record: ConnectRecord) => boolean;
}

const validRegex = (value: unknown) => {
  try {
    new RegExp(String(value));
    return undefined;
  } catch (error) {
    return `Invalid regex: ${(error as Error).message}`;
  }
};

/** The predicates shipped with Connect, used by `transforms.<alias>.predicate` (KIP-585). */
export const PREDICATES: PredicatePlugin[] = [
  {
    className: 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches',
    configDef: new ConfigDef().define({ name: 'pattern', type: 'STRING', importance: 'MEDIUM', documentation: 'A Java regular expression for matching against the name of a record\'s topic.', validator: validRegex }),
    create: (props) => {
      const regex = new RegExp(`^(?:${props.pattern ?? ''})$`);
      return (record) => regex.test(record.topic);
    },
  },
  {
    className: 'org.apache.kafka.connect.transforms.predicates.HasHeaderKey',
    configDef: new ConfigDef().define({ name: 'name', type: 'STRING', importance: 'MEDIUM', documentation: 'The header name.' }),
    create: (props) => (record) => record.headers[props.name ?? ''] !== undefined,
  },
  {
    className: 'org.apache.kafka.connect.transforms.predicates.RecordIsTombstone',
    configDef: new ConfigDef(),
    create: () => (record) => record.value === null || record.value === undefined,
  },
];
