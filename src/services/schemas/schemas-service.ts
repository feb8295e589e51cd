import type { Caller } from '../../auth/roles';
import { badInput, isAppError } from '../../errors/app-error';
import type { Logger } from '../../logging/logger';
import { type AuditRecorder, audited } from '../topics/audit-port';
import type {
  CompatibilityAnswer,
  CompatibilityLevel,
  SchemaById,
  SchemaReference,
  SchemaRegistryPort,
  SchemaType,
  SubjectVersion,
} from './registry-port';

export interface SchemasServiceOptions {
  registry: SchemaRegistryPort;
  audit?: AuditRecorder;
  logger: Logger;
}

export interface SchemaDraft {
  schema: string;
  /** null or omitted: AVRO, as the registry assumes. */
  schemaType?: SchemaType | null;
  references?: SchemaReference[] | null;
}

/** Subject names as the registry accepts them: non-empty, at most 255 characters, no control characters. */
function checkSubject(subject: string, field = 'subject'): string {
  if (subject.length === 0 || subject.length > 255 || /[\u0000-\u001f\u007f]/.test(subject)) {
    throw badInput(field, `${field} must be 1 to 255 characters without control characters`);
  }
  return subject;
}

function checkVersion(version: number | null | undefined, field = 'version'): number | 'latest' {
  if (version === null || version === undefined) return 'latest';
  if (!Number.isInteger(version) || version < 1) throw badInput(field, `${field} must be a positive integer (omit it for the latest version)`);
  return version;
}

function checkDraft(draft: SchemaDraft) {
  if (draft.schema.trim() === '') throw badInput('schema', 'schema must not be empty');
  for (const [i, ref] of (draft.references ?? []).entries()) {
    checkSubject(ref.subject, `references[${i}].subject`);
    checkVersion(ref.version, `references[${i}].version`);
    if (ref.name.trim() === '') throw badInput(`references[${i}].name`, 'a reference needs a name');
  }
  return { schema: draft.schema, schemaType: draft.schemaType ?? 'AVRO', references: draft.references ?? [] };
}

/** null instead of NOT_FOUND, for nullable lookups. */
async function orNull<T>(run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

/**
 * The schemas plane: subjects, versions and schemas of the registry, compatibility checks and the operator/admin
 * changes (each audited). Topic subjects follow TopicNameStrategy (`<topic>-key`, `<topic>-value`).
 */
export function createSchemasService({ registry, audit, logger }: SchemasServiceOptions) {
  return {
    listSubjects(prefix?: string | null): Promise<string[]> {
      return registry.listSubjects({ prefix: prefix ?? undefined }).then((names) => [...names].sort());
    },

    /** The subject's latest version, or null when the subject does not exist (or has only deleted versions). */
    latest(subject: string): Promise<SubjectVersion | null> {
      return orNull(() => registry.getVersion(checkSubject(subject), 'latest'));
    },

    async versions(subject: string, { deleted = false } = {}): Promise<SubjectVersion[]> {
      const numbers = await registry.listVersions(checkSubject(subject), { deleted });
      return Promise.all(numbers.map((n) => registry.getVersion(subject, n, { deleted })));
    },

    version(subject: string, version?: number | null): Promise<SubjectVersion | null> {
      return orNull(() => registry.getVersion(checkSubject(subject), checkVersion(version)));
    },

    compatibility(subject: string): Promise<CompatibilityLevel> {
      return registry.getCompatibility(checkSubject(subject));
    },

    schemaById(id: number): Promise<SchemaById | null> {
      if (!Number.isInteger(id) || id < 0) throw badInput('id', 'id must be a non-negative integer');
      return orNull(() => registry.schemaById(id));
    },

    versionsOfId(id: number): Promise<Array<{ subject: string; version: number }>> {
      return registry.versionsOfId(id);
    },

    /** TopicNameStrategy: the latest schema of `<topic>-key` or `<topic>-value`, null when none is registered. */
    topicSchema(topic: string, part: 'key' | 'value'): Promise<SubjectVersion | null> {
      return orNull(() => registry.getVersion(`${topic}-${part}`, 'latest'));
    },

    checkCompatibility(subject: string, draft: SchemaDraft, version?: number | null): Promise<CompatibilityAnswer> {
      return registry.checkCompatibility(checkSubject(subject), checkVersion(version), checkDraft(draft));
    },

    register(subject: string, draft: SchemaDraft, caller: Caller): Promise<SubjectVersion> {
      const input = checkDraft(draft);
      checkSubject(subject);
      return audited(audit, logger, caller, 'registerSchema', subject, { schemaType: input.schemaType, references: input.references }, async () => {
        await registry.register(subject, input);
        // The register answer carries only the id on older registries; the lookup gives version and canonical text.
        return registry.lookup(subject, input);
      });
    },

    setCompatibility(subject: string | null | undefined, level: CompatibilityLevel, caller: Caller): Promise<CompatibilityLevel> {
      const target = subject === null || subject === undefined ? undefined : checkSubject(subject);
      return audited(audit, logger, caller, 'setSchemaCompatibility', target ?? '(global)', { level }, () => registry.setCompatibility(target, level));
    },

    deleteSubject(subject: string, permanent: boolean, caller: Caller): Promise<number[]> {
      checkSubject(subject);
      return audited(audit, logger, caller, 'deleteSchemaSubject', subject, { permanent }, () => registry.deleteSubject(subject, { permanent }));
    },

    deleteVersion(subject: string, version: number, permanent: boolean, caller: Caller): Promise<number> {
      checkSubject(subject);
      const which = checkVersion(version);
      return audited(audit, logger, caller, 'deleteSchemaVersion', `${subject}/${version}`, { permanent }, () =>
        registry.deleteVersion(subject, which, { permanent }),
      );
    },
  };
}

export type SchemasService = ReturnType<typeof createSchemasService>;
