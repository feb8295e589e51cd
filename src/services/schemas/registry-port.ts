import type {
  CompatibilityAnswer,
  CompatibilityLevel,
  SchemaById,
  SchemaInput,
  SubjectVersion,
} from '../../adapters/schema-registry';

export type { CompatibilityAnswer, CompatibilityLevel, SchemaById, SchemaInput, SubjectVersion };
export type { SchemaReference, SchemaType } from '../../adapters/schema-registry';

/** What the schemas plane needs from a schema registry; SchemaRegistryClient implements it, unit tests fake it. */
export interface SchemaRegistryPort {
  listSubjects(options?: { deleted?: boolean; prefix?: string }): Promise<string[]>;
  listVersions(subject: string, options?: { deleted?: boolean }): Promise<number[]>;
  getVersion(subject: string, version: number | 'latest', options?: { deleted?: boolean }): Promise<SubjectVersion>;
  register(subject: string, input: SchemaInput): Promise<{ id: number }>;
  lookup(subject: string, input: SchemaInput): Promise<SubjectVersion>;
  deleteSubject(subject: string, options?: { permanent?: boolean }): Promise<number[]>;
  deleteVersion(subject: string, version: number | 'latest', options?: { permanent?: boolean }): Promise<number>;
  schemaById(id: number): Promise<SchemaById>;
  versionsOfId(id: number): Promise<Array<{ subject: string; version: number }>>;
  checkCompatibility(subject: string, version: number | 'latest', input: SchemaInput): Promise<CompatibilityAnswer>;
  getCompatibility(subject?: string): Promise<CompatibilityLevel>;
  setCompatibility(subject: string | undefined, level: CompatibilityLevel): Promise<CompatibilityLevel>;
}
