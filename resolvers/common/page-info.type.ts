import { Field, ObjectType } from 'type-graphql';

/**
 * Relay PageInfo: cursors are opaque strings clients pass back as `after`. Plain data, so its fields skip type-graphql's
 * per-field middleware wrapper (`simpleResolvers`), which costs measurably on large pages.
 */
@ObjectType({ simpleResolvers: true })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage: boolean;

  @Field(() => Boolean)
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}
