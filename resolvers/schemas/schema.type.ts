import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '../common/page-info.type';

export enum SchemaType {
  AVRO = 'AVRO',
  JSON = 'JSON',
  PROTOBUF = 'PROTOBUF',
}
registerEnumType(SchemaType, { name: 'SchemaType', description: 'Schema formats of the Confluent Schema Registry (JSON = JSON Schema).' });

export enum CompatibilityLevel {
  NONE = 'NONE',
  BACKWARD = 'BACKWARD',
  BACKWARD_TRANSITIVE = 'BACKWARD_TRANSITIVE',
  FORWARD = 'FORWARD',
  FORWARD_TRANSITIVE = 'FORWARD_TRANSITIVE',
  FULL = 'FULL',
  FULL_TRANSITIVE = 'FULL_TRANSITIVE',
}
registerEnumType(CompatibilityLevel, {
  name: 'CompatibilityLevel',
  description: 'How a new version must relate to earlier ones: BACKWARD = new reads old data; FORWARD = old reads new; FULL = both; *_TRANSITIVE = against every live version, not only the latest.',
});

@ObjectType({ description: 'A subject and one of its versions.' })
export class SubjectVersionRef {
  @Field(() => String)
  subject: string;

  @Field(() => Int)
  version: number;
}

@ObjectType({ description: 'A named schema another schema imports: Avro full type name, Protobuf import path or JSON $ref.' })
export class SchemaReference extends SubjectVersionRef {
  @Field(() => String)
  name: string;
}

@ObjectType({ description: 'A subject of the registry (by TopicNameStrategy, `<topic>-key` / `<topic>-value`). Versions are fetched when selected.' })
export class SchemaSubject {
  @Field(() => String)
  name: string;
}

@ObjectType({ description: 'A schema by its global id, with the subjects and versions that carry it.' })
export class RegisteredSchema {
  @Field(() => Int, { description: 'Global schema id: the 4 bytes after the magic byte of every record written with it.' })
  id: number;

  @Field(() => SchemaType)
  schemaType: SchemaType;

  @Field(() => String)
  schema: string;

  @Field(() => [SchemaReference])
  references: SchemaReference[];
}

@ObjectType({ description: 'One version of a subject. The schema text is the registry canonical form (Avro reprinted without whitespace).' })
export class SchemaVersion extends RegisteredSchema {
  @Field(() => String)
  subject: string;

  @Field(() => Int)
  version: number;
}

@ObjectType()
export class SchemaSubjectEdge {
  @Field(() => String)
  cursor: string;

  @Field(() => SchemaSubject)
  node: SchemaSubject;
}

@ObjectType()
export class SchemaSubjectConnection {
  @Field(() => [SchemaSubjectEdge])
  edges: SchemaSubjectEdge[];

  @Field(() => [SchemaSubject])
  nodes: SchemaSubject[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}

@ObjectType({ description: 'The answer of checkSchemaCompatibility: the registry reasons when the schema is not compatible.' })
export class SchemaCompatibilityResult {
  @Field(() => Boolean)
  compatible: boolean;

  @Field(() => [String], { description: 'Each incompatibility as the registry words it, then the old version, old schema and level checked.' })
  messages: string[];
}

@ObjectType()
export class SchemaDeletion {
  @Field(() => String)
  subject: string;

  @Field(() => [Int], { description: 'The versions deleted.' })
  versions: number[];

  @Field(() => Boolean, { description: 'False: soft delete (hidden, ids still resolve); true: gone for good.' })
  permanent: boolean;
}

@ObjectType()
export class SchemaCompatibilitySetting {
  @Field(() => String, { nullable: true, description: 'null for the global default.' })
  subject: string | null;

  @Field(() => CompatibilityLevel)
  compatibility: CompatibilityLevel;
}
