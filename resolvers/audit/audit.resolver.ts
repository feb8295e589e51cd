import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { Role } from '../../src/auth/roles';
import type { Context } from '../common/context.type';
import { AuditLogConnection } from './audit-entry.type';

@Resolver()
export class AuditResolver {
  @Authorized<Role>('operator')
  @Query(() => AuditLogConnection, { description: 'The audit log of control mutations, newest first. Operator role.' })
  async auditLog(
    @Arg('first', () => Int, { nullable: true, description: 'Page size: default 50, at most 500.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page.' }) after: string | null,
    @Arg('target', () => String, { nullable: true, description: 'Only this target (exact).' }) target: string | null,
    @Arg('operation', () => String, { nullable: true, description: 'Only this operation, e.g. deleteConnector.' }) operation: string | null,
    @Ctx() ctx: Context,
  ): Promise<AuditLogConnection> {
    const page = await ctx.services.audit.page({ first, after, target, operation });
    return { ...page, nodes: page.edges.map((e) => e.node) };
  }
}
