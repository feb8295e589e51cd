import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Role } from '../../src/auth/roles';
import type { SubjectVersion } from '../../src/services/schemas';
import { pageByName } from '../../src/services/topics';
import type { Context } from '../common/context.type';
import { Topic } from '../topics/topic.type';
import { RegisterSchemaInput, SchemaReferenceInput } from './schema.input';
import {
  CompatibilityLevel,
  RegisteredSchema,
  SchemaCompatibilityResult,
  SchemaCompatibilitySetting,
  SchemaDeletion,
  SchemaSubject,
  SchemaSubjectConnection,
  SchemaType,
  SchemaVersion,
  SubjectVersionRef,
} from './schema.type';

/** A service subject version as the GraphQL type (shared with the connector lineage). */
export const asVersion = (v: SubjectVersion | null): SchemaVersion | null => (v ? { ...v, schemaType: v.schemaType as SchemaType } : null);

/** The latest version of a subject node, fetched once per node however many of its fields are selected. */
const latestOf = new WeakMap<SchemaSubject, Promise<SubjectVersion | null>>();
function latest(subject: SchemaSubject, ctx: Context): Promise<SubjectVersion | null> {
  let promise = latestOf.get(subject);
  if (!promise) latestOf.set(subject, (promise = ctx.services.schemas.latest(subject.name)));
  return promise;
}

@Resolver(() => SchemaSubject)
export class SchemaSubjectResolver {
  @Query(() => SchemaSubjectConnection, { description: 'Subjects of the schema registry sorted by name, Relay-paginated.' })
  async schemaSubjects(
    @Arg('prefix', () => String, { nullable: true, description: 'Only subjects starting with this.' }) prefix: string | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size: default 100, at most 1000.' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<SchemaSubjectConnection> {
    const names = await ctx.services.schemas.listSubjects(prefix);
    const page = pageByName(names.map((name) => ({ name })), (s) => s.name, first, after);
    return { ...page, nodes: page.edges.map((e) => e.node) };
  }

  @Query(() => SchemaSubject, { nullable: true, description: 'One subject; null when it does not exist or has only deleted versions.' })
  async schemaSubject(@Arg('name', () => String) name: string, @Ctx() ctx: Context): Promise<SchemaSubject | null> {
    const subject = { name };
    return (await latest(subject, ctx)) ? subject : null;
  }

  @FieldResolver(() => SchemaVersion, { nullable: true, description: 'The latest live version.' })
  async latest(@Root() subject: SchemaSubject, @Ctx() ctx: Context): Promise<SchemaVersion | null> {
    return asVersion(await latest(subject, ctx));
  }

  @FieldResolver(() => SchemaType, { nullable: true, description: 'The type of the latest version.' })
  async schemaType(@Root() subject: SchemaSubject, @Ctx() ctx: Context): Promise<SchemaType | null> {
    return ((await latest(subject, ctx))?.schemaType as SchemaType | undefined) ?? null;
  }

  @FieldResolver(() => CompatibilityLevel, { description: "The level in force: the subject's own, else the global one." })
  compatibility(@Root() subject: SchemaSubject, @Ctx() ctx: Context): Promise<CompatibilityLevel> {
    return ctx.services.schemas.compatibility(subject.name) as Promise<CompatibilityLevel>;
  }

  @FieldResolver(() => [SchemaVersion], { description: 'Every version, oldest first; includeDeleted adds soft-deleted ones.' })
  async versions(
    @Root() subject: SchemaSubject,
    @Arg('includeDeleted', () => Boolean, { defaultValue: false }) includeDeleted: boolean,
    @Ctx() ctx: Context,
  ): Promise<SchemaVersion[]> {
    return (await ctx.services.schemas.versions(subject.name, { deleted: includeDeleted })).map((v) => asVersion(v)!);
  }

  @FieldResolver(() => SchemaVersion, { nullable: true, description: 'One version (omitted: the latest); null when it does not exist.' })
  async version(@Root() subject: SchemaSubject, @Arg('version', () => Int, { nullable: true }) version: number | null, @Ctx() ctx: Context): Promise<SchemaVersion | null> {
    return asVersion(await ctx.services.schemas.version(subject.name, version));
  }

  @Query(() => RegisteredSchema, { nullable: true, description: 'A schema by its global id (the id in the wire format); null when unknown.' })
  async schemaById(@Arg('id', () => Int) id: number, @Ctx() ctx: Context): Promise<RegisteredSchema | null> {
    const found = await ctx.services.schemas.schemaById(id);
    return found ? { ...found, schemaType: found.schemaType as SchemaType } : null;
  }

  @Query(() => SchemaCompatibilityResult, { description: "Would this schema be accepted under the subject's compatibility level? Against the latest version unless `version` is given." })
  checkSchemaCompatibility(
    @Arg('subject', () => String) subject: string,
    @Arg('schema', () => String) schema: string,
    @Arg('schemaType', () => SchemaType, { nullable: true, defaultValue: SchemaType.AVRO }) schemaType: SchemaType | null,
    @Arg('references', () => [SchemaReferenceInput], { nullable: true }) references: SchemaReferenceInput[] | null,
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @Ctx() ctx: Context,
  ): Promise<SchemaCompatibilityResult> {
    return ctx.services.schemas.checkCompatibility(subject, { schema, schemaType, references }, version);
  }

  @Authorized<Role>('operator')
  @Mutation(() => SchemaVersion, { description: 'Registers a schema under a subject (or returns the existing version). CONFLICT with the reasons when incompatible. Operator role.' })
  async registerSchema(@Arg('input', () => RegisterSchemaInput) input: RegisterSchemaInput, @Ctx() ctx: Context): Promise<SchemaVersion> {
    return asVersion(await ctx.services.schemas.register(input.subject, input, ctx.caller))!;
  }

  @Authorized<Role>('operator')
  @Mutation(() => SchemaCompatibilitySetting, { description: "Sets a subject's compatibility level, or the global one when subject is omitted. Operator role." })
  async setSchemaCompatibility(
    @Arg('subject', () => String, { nullable: true }) subject: string | null,
    @Arg('compatibility', () => CompatibilityLevel) compatibility: CompatibilityLevel,
    @Ctx() ctx: Context,
  ): Promise<SchemaCompatibilitySetting> {
    const level = await ctx.services.schemas.setCompatibility(subject, compatibility, ctx.caller);
    return { subject, compatibility: level as CompatibilityLevel };
  }

  @Authorized<Role>('admin')
  @Mutation(() => SchemaDeletion, { description: 'Soft-deletes a subject (its ids keep resolving), or with permanent=true removes a soft-deleted one for good. Admin role.' })
  async deleteSchemaSubject(
    @Arg('subject', () => String) subject: string,
    @Arg('permanent', () => Boolean, { defaultValue: false }) permanent: boolean,
    @Ctx() ctx: Context,
  ): Promise<SchemaDeletion> {
    return { subject, versions: await ctx.services.schemas.deleteSubject(subject, permanent, ctx.caller), permanent };
  }

  @Authorized<Role>('admin')
  @Mutation(() => SchemaDeletion, { description: 'Soft-deletes one version, or with permanent=true removes a soft-deleted one for good. Admin role.' })
  async deleteSchemaVersion(
    @Arg('subject', () => String) subject: string,
    @Arg('version', () => Int) version: number,
    @Arg('permanent', () => Boolean, { defaultValue: false }) permanent: boolean,
    @Ctx() ctx: Context,
  ): Promise<SchemaDeletion> {
    return { subject, versions: [await ctx.services.schemas.deleteVersion(subject, version, permanent, ctx.caller)], permanent };
  }
}

@Resolver(() => RegisteredSchema)
export class RegisteredSchemaResolver {
  @FieldResolver(() => [SubjectVersionRef], { description: 'The live subject versions carrying this schema.' })
  usedBy(@Root() schema: RegisteredSchema, @Ctx() ctx: Context): Promise<SubjectVersionRef[]> {
    return ctx.services.schemas.versionsOfId(schema.id);
  }
}

@Resolver(() => Topic)
export class TopicSchemaResolver {
  @FieldResolver(() => SchemaVersion, { nullable: true, description: 'Latest schema of subject `<topic>-key` (TopicNameStrategy); null when none.' })
  async keySchema(@Root() topic: Topic, @Ctx() ctx: Context): Promise<SchemaVersion | null> {
    return asVersion(await ctx.services.schemas.topicSchema(topic.name, 'key'));
  }

  @FieldResolver(() => SchemaVersion, { nullable: true, description: 'Latest schema of subject `<topic>-value` (TopicNameStrategy); null when none.' })
  async valueSchema(@Root() topic: Topic, @Ctx() ctx: Context): Promise<SchemaVersion | null> {
    return asVersion(await ctx.services.schemas.topicSchema(topic.name, 'value'));
  }
}
