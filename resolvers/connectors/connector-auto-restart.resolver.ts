import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { Role } from '../../src/auth/roles';
import type { Context } from '../common/context.type';
import { ConnectorAutoRestart } from './connector-auto-restart.type';
import { Connector } from './connector.type';

@Resolver(() => Connector)
export class ConnectorAutoRestartResolver {
  @FieldResolver(() => ConnectorAutoRestart, { nullable: true, description: 'The auto-restart policy and where it stands; null when none was ever set.' })
  autoRestart(@Root() connector: Connector, @Ctx() ctx: Context): Promise<ConnectorAutoRestart | null> {
    return ctx.loaders.connectorAutoRestarts.load(connector);
  }

  @Authorized<Role>('operator')
  @Mutation(() => Connector, {
    description:
      'Turns automatic restarts of this FAILED connector and its FAILED tasks on or off (Strimzi\'s autoRestart), with at most ' +
      'maxRestarts restarts (null: no limit). Turning it on from off starts a fresh count. Operator role.',
  })
  setConnectorAutoRestart(
    @Arg('name', () => String) name: string,
    @Arg('enabled', () => Boolean) enabled: boolean,
    @Arg('maxRestarts', () => Int, { nullable: true, description: '1 to 10000; null or omitted: no limit.' }) maxRestarts: number | null,
    @Arg('cluster', () => String, { nullable: true, description: 'A cluster from connectClusters; default CONNECT_DEFAULT_CLUSTER.' }) cluster: string | null,
    @Ctx() ctx: Context,
  ): Promise<Connector> {
    return ctx.services.connectors.setConnectorAutoRestart(ctx.caller, { cluster, name, enabled, maxRestarts }) as Promise<Connector>;
  }
}
