/** Shapes of the Confluent Schema Registry REST API (application/vnd.schemaregistry.v1+json). */
export type SchemaType = 'AVRO' | 'JSON' | 'PROTOBUF';

export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

export interface SubjectVersion {
  subject: string;
  version: number;
  id: number;
  /** Servers before 8.0 omit it for Avro: defaulted to AVRO here. */
  schemaType: SchemaType;
  references: SchemaReference[];
  schema: string;
}

export interface SchemaById {
  id: number;
  schemaType: SchemaType;
  references: SchemaReference[];
  schema: string;
}

export interface SchemaInput {
  schema: string;
  schemaType: SchemaType;
  references?: SchemaReference[];
}

export interface CompatibilityAnswer {
  compatible: boolean;
  messages: string[];
}

export const COMPATIBILITY_LEVELS = ['NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'] as const;
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];

export interface RegistryErrorBody {
  error_code: number;
  message: string;
}
