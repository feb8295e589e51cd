import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from './context.type';

@ObjectType()
export class Viewer {
  @Field(() => String, { description: 'API key name, JWT subject, or "anonymous" when auth is off' })
  id: string;

  @Field(() => String, { description: 'viewer, operator or admin' })
  role: string;
}

@Resolver()
export class ViewerResolver {
  @Query(() => Viewer, { description: 'Who the server thinks you are, and your role.' })
  viewer(@Ctx() ctx: Context): Viewer {
    return { id: ctx.caller.id, role: ctx.caller.role };
  }
}
