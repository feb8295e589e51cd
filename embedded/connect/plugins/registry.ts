import { ConfigDef, definitionJson, type ConfigKey, type ConfigValue } from '../config/config-def';
import { sinkConnectorConfigDef, sourceConnectorConfigDef, validateSinkTopics } from '../config/connector-config';
import { CONVERTERS, resolveConverterClass } from '../converters';
import { PREDICATES, TRANSFORMS, validateTransforms } from '../transforms';
import type { ConnectorPlugin } from './plugin';
import { CONNECT_VERSION } from '../version';


export interface ValidationResult {
  name: string;
  error_count: number;
  groups: string[];
  configs: Array<{ definition: Record<string, unknown>; value: { name: string; value: string | null; recommended_values: string[]; errors: string[]; visible: boolean } }>;
}

const converterConfigDef = new ConfigDef()
  .define({ name: 'schemas.enable', type: 'BOOLEAN', defaultValue: 'true', importance: 'HIGH', documentation: 'Include schemas within each of the serialized values and keys.' })
  .define({ name: 'decimal.format', type: 'STRING', defaultValue: 'BASE64', importance: 'LOW', documentation: 'Controls which format this converter will serialize decimals in: BASE64 or NUMERIC.' });

/** The connector plugins of this worker, and Connect's validation over them. */
export class PluginRegistry {
  /** @param release the worker's Kafka release, reported as the version of its bundled converters and transforms */
  constructor(
    private readonly plugins: ConnectorPlugin[],
    private readonly release: string = CONNECT_VERSION,
  ) {}

  /** By full class name, simple class name, or simple name without the "Connector" suffix (Connect's aliases). */
  find(name: string): ConnectorPlugin | undefined {
    return this.plugins.find((p) => {
      const simple = p.className.slice(p.className.lastIndexOf('.') + 1);
      return p.className === name || simple === name || simple.replace(/Connector$/, '') === name;
    });
  }

  list(connectorsOnly: boolean): Array<{ class: string; type: string; version: string }> {
    const connectors = this.plugins.map((p) => ({ class: p.className, type: p.type, version: p.version }));
    if (connectorsOnly) return connectors;
    return [
      ...connectors,
      ...Object.keys(CONVERTERS).map((c) => ({ class: c, type: 'converter', version: this.release })),
      ...['org.apache.kafka.connect.storage.StringConverter', 'org.apache.kafka.connect.converters.ByteArrayConverter', 'org.apache.kafka.connect.json.JsonConverter'].map((c) => ({ class: c, type: 'header_converter', version: this.release })),
      ...TRANSFORMS.map((t) => ({ class: t.className, type: 'transformation', version: this.release })),
      ...PREDICATES.map((p) => ({ class: p.className, type: 'predicate', version: this.release })),
    ];
  }

  /** Full definition of a connector plugin: the common keys plus its own. */
  connectorConfigDef(plugin: ConnectorPlugin): ConfigDef {
    const base = plugin.type === 'sink' ? sinkConnectorConfigDef() : sourceConnectorConfigDef();
    return base.merge(plugin.configDef);
  }

  /** `GET /connector-plugins/{plugin}/config`: the plugin's own keys (Connect leaves the common ones out). */
  pluginConfig(name: string): Array<Record<string, unknown>> | undefined {
    const connector = this.find(name);
    const def: ConfigDef | undefined = connector
      ? connector.configDef
      : resolveConverterClass(name)
        ? converterConfigDef
        : (TRANSFORMS.find((t) => t.className === name || t.className.endsWith(`.${name}`)) ??
            PREDICATES.find((p) => p.className === name || p.className.endsWith(`.${name}`)))?.configDef;
    return def?.list().map((key) => definitionJson(key, 'order_in_group'));
  }

  /** `PUT /connector-plugins/{plugin}/config/validate` and the check before every create/update. */
  validate(plugin: ConnectorPlugin, config: Record<string, string>): ValidationResult {
    const def = this.connectorConfigDef(plugin);
    const values = new Map<string, ConfigValue>(def.validate(config).map((v) => [v.name, v]));
    const keys = new Map<string, ConfigKey>(def.list().map((k) => [k.name, k]));
    const addErrors = (extra: Map<string, string[]>) => {
      for (const [name, messages] of extra) {
        const value = values.get(name) ?? { name, value: config[name] ?? null, recommendedValues: [], errors: [], visible: true };
        value.errors.push(...messages.filter((m) => !value.errors.includes(m)));
        values.set(name, value);
      }
    };

    for (const key of ['key.converter', 'value.converter', 'header.converter'] as const) {
      const className = config[key];
      if (className && !resolveConverterClass(className) && key !== 'header.converter') {
        addErrors(new Map([[key, [`Invalid value ${className} for configuration ${key}: Class ${className} could not be found.`]]]));
      }
    }
    const transforms = validateTransforms(config);
    for (const value of transforms.values) {
      values.set(value.name, value);
      keys.set(value.name, { name: value.name, type: 'STRING', importance: 'HIGH', documentation: '', group: value.group });
    }
    addErrors(transforms.errorsByKey);
    if (plugin.type === 'sink') addErrors(validateSinkTopics(config));
    // Cross-field checks run even when single keys fail, so a caller sees every problem at once.
    if (plugin.validate) addErrors(plugin.validate(config));

    const configs = [...values.values()].map((value) => {
      const key = keys.get(value.name) ?? { name: value.name, type: 'STRING' as const, importance: 'LOW' as const, documentation: '' };
      return {
        definition: definitionJson(key, 'order'),
        value: { name: value.name, value: value.value, recommended_values: value.recommendedValues, errors: value.errors, visible: value.visible },
      };
    });
    const groups = [...new Set([...def.groups(), ...transforms.values.map((v) => v.group)])];
    return { name: plugin.className, error_count: configs.reduce((n, c) => n + c.value.errors.length, 0), groups, configs };
  }
}

/** Connect's message for a create/update refused by validation. */
export function invalidConfigMessage(result: ValidationResult): string {
  const messages = result.configs.flatMap((c) => c.value.errors);
  return (
    `Connector configuration is invalid and contains the following ${messages.length} error(s):\n` +
    messages.join('\n') +
    '\nYou can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`'
  );
}
