import type { CompatibilityLevel } from './compatibility';
import type { SchemaReference, SchemaType } from './schema-types';

/** One version of one subject, as the SCHEMA records of the `_schemas` topic carry it. */
export interface SchemaVersion {
  subject: string;
  version: number;
  id: number;
  schemaType: SchemaType;
  references: SchemaReference[];
  schema: string;
  deleted: boolean;
}

export type StoreKey =
  | { keytype: 'SCHEMA'; subject: string; version: number; magic: 1 }
  | { keytype: 'CONFIG'; subject: string | null; magic: 0 }
  | { keytype: 'DELETE_SUBJECT'; subject: string; magic: 0 }
  | { keytype: 'NOOP'; magic: 0 };

/** The identity of a schema across subjects: same type, canonical text and references → same id. */
export function contentKey(schemaType: SchemaType, canonical: string, references: SchemaReference[]): string {
  return JSON.stringify([schemaType, canonical, references.map((r) => [r.name, r.subject, r.version])]);
}

/**
 * The registry's state, rebuilt by replaying the `_schemas` records in order and kept in step with each write —
 * the same fold KafkaStoreMessageHandler applies: SCHEMA upserts (a null value is a hard delete), CONFIG sets or clears
 * a level, DELETE_SUBJECT marks versions 1..N deleted.
 */
export class SchemaStore {
  readonly subjects = new Map<string, Map<number, SchemaVersion>>();
  readonly configs = new Map<string | null, CompatibilityLevel>();
  private readonly idsByContent = new Map<string, number>();
  private readonly versionsById = new Map<number, Set<SchemaVersion>>();
  maxId = 0;

  apply(key: StoreKey, value: unknown): void {
    switch (key.keytype) {
      case 'SCHEMA': {
        const versions = this.subjects.get(key.subject) ?? new Map<number, SchemaVersion>();
        const previous = versions.get(key.version);
        if (previous) this.unindex(previous);
        if (value === null) versions.delete(key.version);
        else {
          const stored = value as SchemaVersion;
          const record: SchemaVersion = { ...stored, references: stored.references ?? [], deleted: stored.deleted === true };
          versions.set(key.version, record);
          this.index(record);
        }
        if (versions.size > 0) this.subjects.set(key.subject, versions);
        else this.subjects.delete(key.subject);
        return;
      }
      case 'CONFIG':
        if (value === null) this.configs.delete(key.subject);
        else this.configs.set(key.subject, (value as { compatibilityLevel: CompatibilityLevel }).compatibilityLevel);
        return;
      case 'DELETE_SUBJECT': {
        const upTo = (value as { version: number } | null)?.version ?? 0;
        for (const record of this.subjects.get(key.subject)?.values() ?? []) if (record.version <= upTo) record.deleted = true;
        return;
      }
      case 'NOOP':
        return;
    }
  }

  private index(record: SchemaVersion): void {
    this.maxId = Math.max(this.maxId, record.id);
    this.idsByContent.set(contentKey(record.schemaType, record.schema, record.references), record.id);
    const set = this.versionsById.get(record.id) ?? new Set();
    set.add(record);
    this.versionsById.set(record.id, set);
  }

  private unindex(record: SchemaVersion): void {
    const set = this.versionsById.get(record.id);
    set?.delete(record);
    if (set && set.size === 0) {
      this.versionsById.delete(record.id);
      this.idsByContent.delete(contentKey(record.schemaType, record.schema, record.references));
    }
  }

  idOf(content: string): number | undefined {
    return this.idsByContent.get(content);
  }

  /** Every subject/version carrying the schema `id` (soft-deleted ones included: ids keep resolving). */
  versionsOfId(id: number): SchemaVersion[] {
    return [...(this.versionsById.get(id) ?? [])].sort((a, b) => a.subject.localeCompare(b.subject) || a.version - b.version);
  }

  versions(subject: string, { deleted = false } = {}): SchemaVersion[] {
    return [...(this.subjects.get(subject)?.values() ?? [])].filter((v) => deleted || !v.deleted).sort((a, b) => a.version - b.version);
  }
}
