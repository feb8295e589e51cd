import { ConfigDef } from '../config/config-def';
import type { ConnectField } from '../data/schema';
import { operand, requireMap, requireStruct, withOperand, type TransformPlugin } from './transformation';

const renamesValid = (value: unknown) =>
  (value as string[]).every((pair) => /^[^:]+:[^:]+$/.test(pair)) ? undefined : 'Invalid rename mapping: expected old:new pairs';

const configDef = new ConfigDef()
  .define({ name: 'exclude', type: 'LIST', defaultValue: '', importance: 'MEDIUM', documentation: 'Fields to exclude. This takes precedence over the fields to include.' })
  .define({ name: 'include', type: 'LIST', defaultValue: '', importance: 'MEDIUM', documentation: 'Fields to include. If specified, only these fields will be used.' })
  .define({ name: 'renames', type: 'LIST', defaultValue: '', importance: 'MEDIUM', documentation: 'Field rename mappings.', validator: renamesValid })
  // The pre-3.0 names are still accepted.
  .define({ name: 'blacklist', type: 'LIST', defaultValue: '', importance: 'LOW', documentation: 'Deprecated alias for exclude.' })
  .define({ name: 'whitelist', type: 'LIST', defaultValue: '', importance: 'LOW', documentation: 'Deprecated alias for include.' });

/** ReplaceField$Key / $Value: drops, keeps and renames fields. */
export function replaceField(isKey: boolean): TransformPlugin {
  return {
    className: `org.apache.kafka.connect.transforms.ReplaceField$${isKey ? 'Key' : 'Value'}`,
    configDef,
    create(props) {
      const list = (...keys: string[]) => keys.flatMap((k) => (props[k] ?? '').split(',').map((s) => s.trim()).filter(Boolean));
      const exclude = new Set(list('exclude', 'blacklist'));
      const include = new Set(list('include', 'whitelist'));
      const renames = new Map(list('renames').map((pair) => pair.split(':') as [string, string]));
      const kept = (name: string) => !exclude.has(name) && (include.size === 0 || include.has(name));
      const renamed = (name: string) => renames.get(name) ?? name;
      const purpose = 'field replacement';

      return {
        apply(record) {
          const { schema, value } = operand(record, isKey);
          if (value === null || value === undefined) return record;
          if (schema === null) {
            const map = requireMap(value, purpose);
            const out: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(map)) if (kept(k)) out[renamed(k)] = v;
            return withOperand(record, isKey, { schema: null, value: out });
          }
          const struct = requireStruct(schema, value, purpose);
          const fields: ConnectField[] = [];
          const out: Record<string, unknown> = {};
          for (const f of schema.fields ?? []) {
            if (!kept(f.field)) continue;
            fields.push({ ...f, field: renamed(f.field) });
            out[renamed(f.field)] = struct[f.field];
          }
          return withOperand(record, isKey, { schema: { ...schema, fields }, value: out });
        },
      };
    },
  };
}
