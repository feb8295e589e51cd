import { Arg, Authorized, Ctx, Extensions, FieldResolver, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Role } from '../../src/auth/roles';
import type { Context } from '../common/context.type';
import { JSONObjectScalar } from '../common/scalars';
import { SinkTableResolver } from '../sinks/sink-table.resolver';
import { SinkTable } from '../sinks/sink-table.type';
import { ConfigUpdateMode, ConnectorInitialState, ConnectorOffsetInput, JdbcSinkConnectorInput, S3SinkConnectorInput } from './connector.input';
import {
  ConfigDefinition,
  ConfigValidation,
  ConnectCluster,
  Connector,
  ConnectorDeletion,
  ConnectorOffset,
  ConnectorOffsetsChange,
  ConnectorPlugin,
  ConnectorState,
  ConnectorStatusEvent,
  LineageSubject,
  LineageTable,
  PluginType,
} from './connector.type';
import { asVersion } from '../schemas/schema.resolver';
import { SchemaVersion } from '../schemas/schema.type';
import { BACKEND_CALL } from '../common/backend-call';

const CLUSTER_HELP = 'A cluster from connectClusters; default CONNECT_DEFAULT_CLUSTER.';
type Args<T> = { args: T; context: Context };

@Resolver(() => Connector)
export class ConnectorResolver {
  @Query(() => [ConnectCluster], { description: 'The Kafka Connect clusters pipegraph controls.' })
  connectClusters(@Ctx() ctx: Context): Promise<ConnectCluster[]> {
    return ctx.services.connectors.clusters();
  }

  @Query(() => [Connector], { description: 'Connectors with state and tasks, in one call to Connect (expand=status&expand=info); sorted by name.' })
  connectors(
    @Arg('state', () => ConnectorState, { nullable: true, description: 'Only connectors in this state.' }) state: ConnectorState | null,
    @Arg('cluster', () => String, { nullable: true, description: CLUSTER_HELP }) cluster: string | null,
    @Ctx() ctx: Context,
  ): Promise<Connector[]> {
    return ctx.services.connectors.listConnectors({ cluster, state }) as Promise<Connector[]>;
  }

  @Query(() => Connector, { nullable: true, description: 'One connector; null when the cluster does not know it.' })
  connector(
    @Arg('name', () => String) name: string,
    @Arg('cluster', () => String, { nullable: true, description: CLUSTER_HELP }) cluster: string | null,
    @Ctx() ctx: Context,
  ): Promise<Connector | null> {
    return ctx.services.connectors.getConnector({ cluster, name }) as Promise<Connector | null>;
  }

  @Extensions(BACKEND_CALL)
  // Nullable so a cluster too old for the field fails that field alone (UPSTREAM_REJECTED), never the connector.
  @FieldResolver(() => [ConnectorOffset], { nullable: true, description: 'Committed offsets (Connect 3.5+; null with an error on older clusters).' })
  offsets(@Root() connector: Connector, @Ctx() ctx: Context): Promise<ConnectorOffset[]> {
    return ctx.services.connectors.connectorOffsets({ cluster: connector.cluster, name: connector.name });
  }

  @Extensions(BACKEND_CALL)
  @FieldResolver(() => [String], { nullable: true, description: 'Topics the connector has used since its active topics were last reset (Connect 2.5+; null with an error on older clusters).' })
  topics(@Root() connector: Connector, @Ctx() ctx: Context): Promise<string[]> {
    return ctx.services.connectors.connectorTopics({ cluster: connector.cluster, name: connector.name });
  }

  @Query(() => [ConnectorPlugin], { description: 'Plugins installed on the cluster, optionally of one type.' })
  connectorPlugins(
    @Arg('type', () => PluginType, { nullable: true }) type: PluginType | null,
    @Arg('cluster', () => String, { nullable: true, description: CLUSTER_HELP }) cluster: string | null,
    @Ctx() ctx: Context,
  ): Promise<ConnectorPlugin[]> {
    return ctx.services.connectors.plugins({ cluster, type }) as Promise<ConnectorPlugin[]>;
  }

  @Query(() => [ConfigDefinition], { description: 'The config keys a plugin understands (by class name or alias).' })
  connectorPluginConfig(
    @Arg('className', () => String) className: string,
    @Arg('cluster', () => String, { nullable: true, description: CLUSTER_HELP }) cluster: string | null,
    @Ctx() ctx: Context,
  ): Promise<ConfigDefinition[]> {
    return ctx.services.connectors.pluginConfig({ cluster, className });
  }

  @Query(() => ConfigValidation, { description: 'Asks Connect to validate a config; errors come back per field (an invalid config is an answer, not an error).' })
  validateConnectorConfig(
    @Arg('className', () => String) className: string,
    @Arg('config', () => JSONObjectScalar) config: Record<string, unknown>,
    @Arg('cluster', () => String, { nullable: true, description: CLUSTER_HELP }) cluster: string | null,
    @Ctx() ctx: Context,
  ): Promise<ConfigValidation> {
    return ctx.services.connectors.validateConfig({ cluster, className, config });
  }

  @Query(() => JSONObjectScalar, { description: 'The exact JdbcSinkConnector config the template would create (secrets redacted); nothing is created.' })
  jdbcSinkConnectorConfig(@Arg('input', () => JdbcSinkConnectorInput) input: JdbcSinkConnectorInput, @Ctx() ctx: Context): Record<string, string> {
    return ctx.services.connectors.jdbcSinkConfigPreview(input);
  }

  @Query(() => JSONObjectScalar, { description: 'The exact S3SinkConnector config the template would create (secrets redacted); nothing is created.' })
  s3SinkConnectorConfig(@Arg('input', () => S3SinkConnectorInput) input: S3SinkConnectorInput, @Ctx() ctx: Context): Record<string, string> {
    return ctx.services.connectors.s3SinkConfigPreview(input);
  }

  @Authorized<Role>('operator')
  @Mutation(() => Connector, { description: 'Validates, creates, and waits (bounded) until the connector reaches initialState. Operator role.' })
  createConnector(
    @Arg('name', () => String) name: string,
    @Arg('config', () => JSONObjectScalar, { description: 'Connect config: connector.class plus plugin keys; values as strings, numbers or booleans.' }) config: Record<string, unknown>,
    @Arg('initialState', () => ConnectorInitialState, { defaultValue: ConnectorInitialState.RUNNING }) initialState: ConnectorInitialState,
    @Arg('cluster', () => String, { nullable: true, description: CLUSTER_HELP }) cluster: string | null,
    @Ctx() ctx: Context,
  ): Promise<Connector> {
    return ctx.services.connectors.createConnector(ctx.caller, { cluster, name, config, initialState }) as Promise<Connector>;
  }

  @Authorized<Role>('operator')
  @Mutation(() => Connector, { description: 'Validates the resulting config first, then writes it (MERGE: PATCH on 3.8+, read-modify-PUT before). Operator role.' })
  updateConnectorConfig(
    @Arg('name', () => String) name: string,
    @Arg('config', () => JSONObjectScalar) config: Record<string, unknown>,
    @Arg('mode', () => ConfigUpdateMode, { defaultValue: ConfigUpdateMode.MERGE }) mode: ConfigUpdateMode,
    @Arg('cluster', () => String, { nullable: true, description: CLUSTER_HELP }) cluster: string | null,
    @Ctx() ctx: Context,
  ): Promise<Connector> {
    return ctx.services.connectors.updateConnectorConfig(ctx.caller, { cluster, name, config, mode }) as Promise<Connector>;
  }

  @Authorized<Role>('admin')
  @Mutation(() => ConnectorDeletion, { description: 'Deletes the connector (its offsets stay in Connect). Admin role.' })
  deleteConnector(
    @Arg('name', () => String) name: string,
    @Arg('cluster', () => String, { nullable: true, description: CLUSTER_HELP }) cluster: string | null,
    @Ctx() ctx: Context,
  ): Promise<ConnectorDeletion> {
    return ctx.services.connectors.deleteConnector(ctx.caller, { cluster, name });
  }

  @Authorized<Role>('operator')
  @Mutation(() => Connector, { description: 'Pauses, then returns the connector once it and its tasks are PAUSED (or the wait ran out). Operator role.' })
  pauseConnector(@Arg('name', () => String) name: string, @Arg('cluster', () => String, { nullable: true, description: CLUSTER_HELP }) cluster: string | null, @Ctx() ctx: Context): Promise<Connector> {
    return ctx.services.connectors.pauseConnector(ctx.caller, { cluster, name }) as Promise<Connector>;
  }

  @Authorized<Role>('operator')
  @Mutation(() => Connector, { description: 'Resumes a PAUSED or STOPPED connector and waits for RUNNING. Operator role.' })
  resumeConnector(@Arg('name', () => String) name: string, @Arg('cluster', () => String, { nullable: true, description: CLUSTER_HELP }) cluster: string | null, @Ctx() ctx: Context): Promise<Connector> {
    return ctx.services.connectors.resumeConnector(ctx.caller, { cluster, name }) as Promise<Connector>;
  }

  @Authorized<Role>('operator')
  @Mutation(() => Connector, { description: 'Stops the connector (tasks shut down, config kept; Connect 3.5+) and waits for STOPPED. Operator role.' })
  stopConnector(@Arg('name', () => String) name: string, @Arg('cluster', () => String, { nullable: true, description: CLUSTER_HELP }) cluster: string | null, @Ctx() ctx: Context): Promise<Connector> {
    return ctx.services.connectors.stopConnector(ctx.caller, { cluster, name }) as Promise<Connector>;
  }

  @Authorized<Role>('operator')
  @Mutation(() => Connector, { description: 'Restarts the connector, with includeTasks its tasks too (onlyFailed: the FAILED ones); waits until nothing is RESTARTING. Operator role.' })
  restartConnector(
    @Arg('name', () => String) name: string,
    @Arg('includeTasks', () => Boolean, { defaultValue: false }) includeTasks: boolean,
    @Arg('onlyFailed', () => Boolean, { defaultValue: false }) onlyFailed: boolean,
    @Arg('cluster', () => String, { nullable: true, description: CLUSTER_HELP }) cluster: string | null,
    @Ctx() ctx: Context,
  ): Promise<Connector> {
    return ctx.services.connectors.restartConnector(ctx.caller, { cluster, name, includeTasks, onlyFailed }) as Promise<Connector>;
  }

  @Authorized<Role>('operator')
  @Mutation(() => Connector, { description: 'Restarts one task. Operator role.' })
  restartConnectorTask(
    @Arg('name', () => String) name: string,
    @Arg('taskId', () => Int) taskId: number,
    @Arg('cluster', () => String, { nullable: true, description: CLUSTER_HELP }) cluster: string | null,
    @Ctx() ctx: Context,
  ): Promise<Connector> {
    return ctx.services.connectors.restartConnectorTask(ctx.caller, { cluster, name, taskId }) as Promise<Connector>;
  }

  @Authorized<Role>('admin')
  @Mutation(() => ConnectorOffsetsChange, { description: 'Sets offsets (Connect 3.6+). The connector must be STOPPED; stopFirst stops it (and waits) first. Admin role.' })
  alterConnectorOffsets(
    @Arg('name', () => String) name: string,
    @Arg('offsets', () => [ConnectorOffsetInput]) offsets: ConnectorOffsetInput[],
    @Arg('stopFirst', () => Boolean, { defaultValue: false }) stopFirst: boolean,
    @Arg('cluster', () => String, { nullable: true, description: CLUSTER_HELP }) cluster: string | null,
    @Ctx() ctx: Context,
  ): Promise<ConnectorOffsetsChange> {
    return ctx.services.connectors.alterConnectorOffsets(ctx.caller, { cluster, name, offsets, stopFirst }) as Promise<ConnectorOffsetsChange>;
  }

  @Authorized<Role>('admin')
  @Mutation(() => ConnectorOffsetsChange, { description: 'Resets all offsets (Connect 3.6+). The connector must be STOPPED; stopFirst stops it first. Admin role.' })
  resetConnectorOffsets(
    @Arg('name', () => String) name: string,
    @Arg('stopFirst', () => Boolean, { defaultValue: false }) stopFirst: boolean,
    @Arg('cluster', () => String, { nullable: true, description: CLUSTER_HELP }) cluster: string | null,
    @Ctx() ctx: Context,
  ): Promise<ConnectorOffsetsChange> {
    return ctx.services.connectors.resetConnectorOffsets(ctx.caller, { cluster, name, stopFirst }) as Promise<ConnectorOffsetsChange>;
  }

  @Authorized<Role>('operator')
  @Mutation(() => Connector, { description: 'Creates a JDBC sink from typed, validated inputs (exact Confluent config). Operator role.' })
  createJdbcSinkConnector(
    @Arg('input', () => JdbcSinkConnectorInput) input: JdbcSinkConnectorInput,
    @Arg('initialState', () => ConnectorInitialState, { defaultValue: ConnectorInitialState.RUNNING }) initialState: ConnectorInitialState,
    @Arg('cluster', () => String, { nullable: true, description: CLUSTER_HELP }) cluster: string | null,
    @Ctx() ctx: Context,
  ): Promise<Connector> {
    return ctx.services.connectors.createJdbcSinkConnector(ctx.caller, { cluster, input, initialState }) as Promise<Connector>;
  }

  @Authorized<Role>('operator')
  @Mutation(() => Connector, { description: 'Creates an S3 sink (TimeBasedPartitioner) from typed, validated inputs (exact Confluent config). Operator role.' })
  createS3SinkConnector(
    @Arg('input', () => S3SinkConnectorInput) input: S3SinkConnectorInput,
    @Arg('initialState', () => ConnectorInitialState, { defaultValue: ConnectorInitialState.RUNNING }) initialState: ConnectorInitialState,
    @Arg('cluster', () => String, { nullable: true, description: CLUSTER_HELP }) cluster: string | null,
    @Ctx() ctx: Context,
  ): Promise<Connector> {
    return ctx.services.connectors.createS3SinkConnector(ctx.caller, { cluster, input, initialState }) as Promise<Connector>;
  }

  @Subscription(() => ConnectorStatusEvent, {
    description:
      'Connector and task state transitions as they happen (all connectors when names is empty). One poller per server instance ' +
      '(CONNECT_STATUS_POLL_MS) serves every subscriber; a subscriber far behind ends with SLOW_CONSUMER.',
    subscribe: ({ args, context }: Args<{ names?: string[] | null; cluster?: string | null }>) =>
      context.services.connectors.connectorStatusChanged({ cluster: args.cluster, names: args.names }),
  })
  connectorStatusChanged(
    @Root() event: ConnectorStatusEvent,
    @Arg('names', () => [String], { nullable: true }) _names: string[] | null,
    @Arg('cluster', () => String, { nullable: true, description: CLUSTER_HELP }) _cluster: string | null,
  ): ConnectorStatusEvent {
    return event;
  }
}

@Resolver(() => LineageTable)
export class LineageTableResolver {
  @Extensions(BACKEND_CALL)
  @FieldResolver(() => SinkTable, { nullable: true, description: 'The table in sinkTables, when pipegraph\'s sink database has it.' })
  async sinkTable(@Root() table: LineageTable, @Ctx() ctx: Context): Promise<SinkTable | null> {
    // The sinks plane owns the catalog and its mapping; reuse its resolver rather than duplicating either.
    const tables = await new SinkTableResolver().sinkTables(ctx);
    return tables.find((t) => t.name === table.name && (table.schema === null || t.schema === table.schema)) ?? null;
  }
}

@Resolver(() => LineageSubject)
export class LineageSubjectResolver {
  @Extensions(BACKEND_CALL)
  @FieldResolver(() => SchemaVersion, { nullable: true, description: 'The subject\'s latest schema in the registry; null while it is not registered.' })
  async latestSchema(@Root() subject: LineageSubject, @Ctx() ctx: Context): Promise<SchemaVersion | null> {
    return asVersion(await ctx.services.schemas.latest(subject.subject));
  }
}
