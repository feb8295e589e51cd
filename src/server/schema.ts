import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import { type AuthChecker, buildSchema } from 'type-graphql';
import type { Context } from '../../resolvers/common/context.type';
import { resolvers } from '../../resolvers';
import { type Role, roleAtLeast } from '../auth/roles';
import { AppError } from '../errors/app-error';

/** `@Authorized<Role>('operator')`: the caller's role must reach every role listed. */
const authChecker: AuthChecker<Context, Role> = ({ context, info }, needed) => {
  const missing = needed.find((role) => !roleAtLeast(context.caller.role, role));
  if (missing) {
    throw new AppError('FORBIDDEN', `${info.parentType.name}.${info.fieldName} needs the ${missing} role; you are ${context.caller.role}`, {
      details: { requiredRole: missing },
    });
  }
  return true;
};

export async function buildAppSchema(): Promise<GraphQLSchema> {
  // type-graphql refuses any @Subscription without a PubSub, even when each brings its own `subscribe` (ours do).
  return buildSchema({ resolvers, authChecker, validate: false, pubSub: createPubSub() });
}

/** The committed SDL: sorted so the file only changes when the API does. */
export function printAppSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
