import { Field, InputType, Int } from 'type-graphql';
import { SchemaType } from './schema.type';

@InputType()
export class SchemaReferenceInput {
  @Field(() => String, { description: 'Avro full type name, Protobuf import path or JSON $ref URL.' })
  name: string;

  @Field(() => String)
  subject: string;

  @Field(() => Int)
  version: number;
}

@InputType()
export class RegisterSchemaInput {
  @Field(() => String, { description: 'Subject, e.g. `<topic>-value` (TopicNameStrategy).' })
  subject: string;

  @Field(() => String, { description: 'The schema text: Avro JSON, JSON Schema or a .proto file.' })
  schema: string;

  // Nullable with a default, as every defaulted input field here: the compiled executor does not apply defaults of
  // non-null input fields when a variable omits them.
  @Field(() => SchemaType, { nullable: true, defaultValue: SchemaType.AVRO })
  schemaType: SchemaType | null;

  @Field(() => [SchemaReferenceInput], { nullable: true })
  references: SchemaReferenceInput[] | null;
}
