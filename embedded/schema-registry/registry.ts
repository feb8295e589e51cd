import { checkCompatibility, COMPATIBILITY_LEVELS, type CompatibilityLevel } from './compatibility';
import { formatIncompatibility } from './compatibility/incompatibility';
import { errors } from './registry-error';
import { contentKey, SchemaStore, type SchemaVersion, type StoreKey } from './schema-store';
import { parseSchema, parseSchemaType, type ParsedSchema, type SchemaReference, type SchemaSource } from './schema-types';

/** Where the registry's records go: the `_schemas` topic, or memory in unit tests. Resolves once durable. */
export interface RecordSink {
  append(key: StoreKey, value: unknown | null): Promise<void>;
}

export interface RegisterRequest {
  schema?: unknown;
  schemaType?: unknown;
  references?: unknown;
  id?: unknown;
}

const MAX_VERSION = 2 ** 31 - 1;
const DEFAULT_LEVEL: CompatibilityLevel = 'BACKWARD';

/** `{v}` of a route: 1..2^31-1, `latest` (any case) or -1 → 'latest'; anything else is 42202. */
export function parseVersion(text: string): number | 'latest' {
  if (text.toLowerCase() === 'latest' || text === '-1') return 'latest';
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_VERSION) throw errors.invalidVersion(text);
  return n;
}

export function parseLevel(value: unknown): CompatibilityLevel {
  const level = typeof value === 'string' ? value.toUpperCase() : '';
  if (!(COMPATIBILITY_LEVELS as readonly string[]).includes(level)) throw errors.invalidCompatibility();
  return level as CompatibilityLevel;
}

/**
 * The registry's semantics over a SchemaStore: every change is first appended to the record sink and applied only
 * once it is durable, so what a client was told always survives a restart.
 */
export class Registry {
  constructor(
    readonly store: SchemaStore,
    private readonly sink: RecordSink,
  ) {}

  private async write(key: StoreKey, value: unknown | null): Promise<void> {
    await this.sink.append(key, value);
    this.store.apply(key, value);
  }

  // --- reading ---

  subjectNames({ deleted = false, deletedOnly = false, prefix = '' } = {}): string[] {
    const names: string[] = [];
    for (const [subject, versions] of this.store.subjects) {
      if (!subject.startsWith(prefix)) continue;
      const live = [...versions.values()].some((v) => !v.deleted);
      if (deletedOnly ? !live : live || deleted) names.push(subject);
    }
    return names.sort();
  }

  /** Versions of a subject: 40401 when it has none visible. */
  versionsOf(subject: string, { deleted = false, deletedOnly = false } = {}): SchemaVersion[] {
    const all = this.store.versions(subject, { deleted: true });
    const visible = all.filter((v) => (deletedOnly ? v.deleted : deleted || !v.deleted));
    if (visible.length === 0 && (deletedOnly ? all.length === 0 : true)) throw errors.subjectNotFound(subject);
    return visible;
  }

  version(subject: string, versionText: string, { deleted = false } = {}): SchemaVersion {
    const wanted = parseVersion(versionText);
    const versions = this.versionsOf(subject, { deleted });
    const found = wanted === 'latest' ? versions[versions.length - 1] : versions.find((v) => v.version === wanted);
    if (!found) throw errors.versionNotFound(wanted === 'latest' ? versionText : wanted);
    return found;
  }

  schemaById(id: number): SchemaVersion {
    const found = this.store.versionsOfId(id)[0];
    if (!found) throw errors.schemaNotFound(id);
    return found;
  }

  referencedBy(target: SchemaVersion): number[] {
    const ids = new Set<number>();
    for (const versions of this.store.subjects.values()) {
      for (const v of versions.values()) {
        if (!v.deleted && v.references.some((r) => r.subject === target.subject && r.version === target.version)) ids.add(v.id);
      }
    }
    return [...ids].sort((a, b) => a - b);
  }

  level(subject?: string): CompatibilityLevel {
    return (subject === undefined ? undefined : this.store.configs.get(subject)) ?? this.store.configs.get(null) ?? DEFAULT_LEVEL;
  }

  // --- parsing requests ---

  private parseReferences(value: unknown): SchemaReference[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw errors.invalidSchema('Invalid schema: references must be an array');
    return value.map((r) => {
      const ref = r as Partial<SchemaReference>;
      if (typeof ref?.name !== 'string' || typeof ref.subject !== 'string' || !Number.isInteger(ref.version)) {
        throw errors.invalidSchema('Invalid schema: each reference needs name, subject and version');
      }
      return { name: ref.name, subject: ref.subject, version: ref.version! };
    });
  }

  /** The texts of a schema's references, dependencies first; an unknown referenced subject/version is 42201. */
  private referenceTexts(references: SchemaReference[], seen = new Set<string>()): SchemaSource['references'] {
    const out: SchemaSource['references'] = [];
    for (const ref of references) {
      const key = `${ref.subject}/${ref.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const target = this.store.subjects.get(ref.subject)?.get(ref.version);
      if (!target) throw errors.invalidSchema(`Invalid schema: reference ${ref.name} to subject ${ref.subject} version ${ref.version} not found`);
      out.push(...this.referenceTexts(target.references, seen), { name: ref.name, schema: target.schema });
    }
    return out;
  }

  parseRequest(body: RegisterRequest): { parsed: ParsedSchema; references: SchemaReference[] } {
    if (typeof body?.schema !== 'string' || body.schema.trim() === '') throw errors.invalidSchema('Empty schema');
    const schemaType = parseSchemaType(body.schemaType);
    const references = this.parseReferences(body.references);
    const parsed = parseSchema({ schemaType, schema: body.schema, references: this.referenceTexts(references) });
    return { parsed, references };
  }

  parsedVersion(v: SchemaVersion): ParsedSchema {
    return parseSchema({ schemaType: v.schemaType, schema: v.schema, references: this.referenceTexts(v.references) });
  }

  private incompatibleMessages(level: CompatibilityLevel, candidate: ParsedSchema, against: SchemaVersion[]): string[] {
    const failure = checkCompatibility(
      level,
      candidate,
      against.map((v) => ({ version: v.version, schema: this.parsedVersion(v) })),
    );
    if (!failure) return [];
    const old = against.find((v) => v.version === failure.version)!;
    return [
      ...failure.reasons.map(formatIncompatibility),
      `{oldSchemaVersion: ${old.version}}`,
      `{oldSchema: '${old.schema.slice(0, 10 * 1024)}'}`,
      `{validateFields: 'false', compatibility: '${level}'}`,
    ];
  }

  // --- writing ---

  /**
   * Writes run one at a time, as under the real registry's leader lock: an id or version is chosen from the store and
   * made durable before the next write reads the store (two concurrent registrations once got the same global id).
   */
  private queue: Promise<unknown> = Promise.resolve();

  private exclusive<T>(write: () => Promise<T>): Promise<T> {
    const next = this.queue.then(write, write);
    this.queue = next.catch(() => undefined);
    return next;
  }

  register(subject: string, body: RegisterRequest): Promise<{ id: number; version: number }> {
    return this.exclusive(() => this.registerNow(subject, body));
  }

  deleteSubject(subject: string, permanent: boolean): Promise<number[]> {
    return this.exclusive(() => this.deleteSubjectNow(subject, permanent));
  }

  deleteVersion(subject: string, versionText: string, permanent: boolean): Promise<number> {
    return this.exclusive(() => this.deleteVersionNow(subject, versionText, permanent));
  }

  setLevel(subject: string | null, value: unknown): Promise<CompatibilityLevel> {
    return this.exclusive(() => this.setLevelNow(subject, value));
  }

  deleteLevel(subject: string | null): Promise<CompatibilityLevel> {
    return this.exclusive(() => this.deleteLevelNow(subject));
  }

  private async registerNow(subject: string, body: RegisterRequest): Promise<{ id: number; version: number }> {
    if (/[\u0000-\u001f]/.test(subject)) throw errors.invalidSubject(subject);
    if (typeof body?.id === 'number' && body.id >= 0) throw errors.notImportMode();
    const { parsed, references } = this.parseRequest(body);
    const content = contentKey(parsed.schemaType, parsed.canonical, references);
    const all = this.store.versions(subject, { deleted: true });
    const live = all.filter((v) => !v.deleted);
    const same = live.find((v) => contentKey(v.schemaType, v.schema, v.references) === content);
    if (same) return { id: same.id, version: same.version };
    const level = this.level(subject);
    const messages = this.incompatibleMessages(level, parsed, live);
    if (messages.length > 0) {
      const details = messages.join(', ');
      throw errors.incompatible(`Schema being registered is incompatible with an earlier schema for subject "${subject}", details: [${details}]`);
    }
    const id = this.store.idOf(content) ?? this.store.maxId + 1;
    const version = (all[all.length - 1]?.version ?? 0) + 1;
    const record: SchemaVersion = { subject, version, id, schemaType: parsed.schemaType, references, schema: parsed.canonical, deleted: false };
    await this.write({ keytype: 'SCHEMA', subject, version, magic: 1 }, record);
    return { id, version };
  }

  lookup(subject: string, body: RegisterRequest, { deleted = false } = {}): SchemaVersion {
    const versions = this.store.versions(subject, { deleted });
    if (versions.length === 0) throw errors.subjectNotFound(subject);
    const { parsed, references } = this.parseRequest(body);
    const content = contentKey(parsed.schemaType, parsed.canonical, references);
    const found = versions.find((v) => contentKey(v.schemaType, v.schema, v.references) === content);
    if (!found) throw errors.schemaNotFound();
    return found;
  }

  /** Compatibility of a candidate with one version (`{v}` given) or with the live versions the level names. */
  compatibility(subject: string, versionText: string | undefined, body: RegisterRequest): { compatible: boolean; messages: string[] } {
    let against: SchemaVersion[];
    if (versionText === undefined) against = this.store.versions(subject);
    else {
      const wanted = parseVersion(versionText);
      if (wanted === 'latest' && this.store.versions(subject).length === 0) return { compatible: true, messages: [] };
      against = [this.version(subject, versionText)];
    }
    const { parsed } = this.parseRequest(body);
    const level = this.level(subject);
    const messages = this.incompatibleMessages(versionText === undefined ? level : (level.replace('_TRANSITIVE', '') as CompatibilityLevel), parsed, against);
    return { compatible: messages.length === 0, messages };
  }

  private async deleteSubjectNow(subject: string, permanent: boolean): Promise<number[]> {
    const all = this.store.versions(subject, { deleted: true });
    if (all.length === 0) throw errors.subjectNotFound(subject);
    const live = all.filter((v) => !v.deleted);
    if (!permanent) {
      if (live.length === 0) throw errors.subjectSoftDeleted(subject);
      for (const v of live) this.refuseIfReferenced(v);
      await this.write({ keytype: 'DELETE_SUBJECT', subject, magic: 0 }, { subject, version: live[live.length - 1]!.version });
      return live.map((v) => v.version);
    }
    if (live.length > 0) throw errors.subjectNotSoftDeleted(subject);
    for (const v of [...all].reverse()) await this.write({ keytype: 'SCHEMA', subject, version: v.version, magic: 1 }, null);
    if (this.store.configs.has(subject)) await this.write({ keytype: 'CONFIG', subject, magic: 0 }, null);
    return all.map((v) => v.version);
  }

  private async deleteVersionNow(subject: string, versionText: string, permanent: boolean): Promise<number> {
    const wanted = parseVersion(versionText);
    const all = this.store.versions(subject, { deleted: true });
    if (all.length === 0) throw errors.subjectNotFound(subject);
    const live = all.filter((v) => !v.deleted);
    const target = wanted === 'latest' ? (permanent ? all : live)[(permanent ? all : live).length - 1] : all.find((v) => v.version === wanted);
    if (!target) throw errors.versionNotFound(wanted === 'latest' ? versionText : wanted);
    const key = { keytype: 'SCHEMA', subject, version: target.version, magic: 1 } as const;
    if (!permanent) {
      if (target.deleted) throw errors.versionSoftDeleted(subject, target.version);
      this.refuseIfReferenced(target);
      await this.write(key, { ...target, deleted: true });
      return target.version;
    }
    if (!target.deleted) throw errors.versionNotSoftDeleted(subject, target.version);
    await this.write(key, null);
    if (this.store.versions(subject, { deleted: true }).length === 0 && this.store.configs.has(subject)) {
      await this.write({ keytype: 'CONFIG', subject, magic: 0 }, null);
    }
    return target.version;
  }

  private refuseIfReferenced(v: SchemaVersion): void {
    if (this.referencedBy(v).length > 0) throw errors.referenceExists(v.subject, v.version);
  }

  private async setLevelNow(subject: string | null, value: unknown): Promise<CompatibilityLevel> {
    const level = parseLevel(value);
    await this.write({ keytype: 'CONFIG', subject, magic: 0 }, { compatibilityLevel: level });
    return level;
  }

  private async deleteLevelNow(subject: string | null): Promise<CompatibilityLevel> {
    const previous = this.store.configs.get(subject);
    if (subject !== null && previous === undefined) throw errors.subjectNotFound(subject);
    if (previous !== undefined) await this.write({ keytype: 'CONFIG', subject, magic: 0 }, null);
    return previous ?? DEFAULT_LEVEL;
  }
}
