import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../common/context.type';
import { Connector } from '../connectors/connector.type';
import { FileHealth, SinkObjectConnection, SinkObjectPreview } from './lake.type';

@Resolver()
export class LakeResolver {
  @Query(() => SinkObjectConnection, { description: 'Objects an S3 sink wrote: give a connector (its bucket and topics prefix), or a bucket and prefix.' })
  sinkObjects(
    @Arg('connector', () => String, { nullable: true, description: 'An S3 sink connector.' }) connector: string | null,
    @Arg('cluster', () => String, { nullable: true, description: "The connector's Connect cluster; default CONNECT_DEFAULT_CLUSTER." }) cluster: string | null,
    @Arg('bucket', () => String, { nullable: true }) bucket: string | null,
    @Arg('prefix', () => String, { nullable: true, description: 'Key prefix, with bucket.' }) prefix: string | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size: default 50, at most 1000.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page.' }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<SinkObjectConnection> {
    return ctx.services.lake.sinkObjects({ connector, cluster, bucket, prefix, first, after });
  }

  @Query(() => SinkObjectPreview, { description: 'The first rows of a Parquet or JSON object, with its columns. NOT_FOUND for an unknown bucket or key.' })
  sinkObjectPreview(
    @Arg('bucket', () => String) bucket: string,
    @Arg('key', () => String) key: string,
    @Arg('limit', () => Int, { nullable: true, description: 'Rows: default 20, at most 1000.' }) limit: number | null,
    @Ctx() ctx: Context,
  ): Promise<SinkObjectPreview> {
    return ctx.services.lake.sinkObjectPreview({ bucket, key, limit });
  }
}

@Resolver(() => Connector)
export class ConnectorFileHealthResolver {
  @FieldResolver(() => FileHealth, { nullable: true, description: 'For S3 sinks: files per partition per hour, sizes and the small-files warning; null for other connectors.' })
  fileHealth(@Root() connector: Connector, @Ctx() ctx: Context): Promise<FileHealth | null> {
    return ctx.services.lake.fileHealth(connector);
  }
}
