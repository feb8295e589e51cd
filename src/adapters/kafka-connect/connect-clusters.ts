import { AppError } from '../../errors/app-error';
import type { Logger } from '../../logging/logger';
import { KafkaConnectClient } from './connect-client';

export interface ConnectClustersOptions {
  /** name → REST URL; must contain `defaultCluster`. */
  clusters: Array<{ name: string; url: string }>;
  defaultCluster: string;
  timeoutMs: number;
  conflictRetries: number;
  conflictBackoffMs: number;
  logger: Logger;
}

/** The Connect clusters pipegraph controls, by name, with one default for operations that name none. */
export class ConnectClusters {
  private readonly clients = new Map<string, KafkaConnectClient>();
  readonly defaultCluster: string;

  constructor(options: ConnectClustersOptions) {
    for (const { name, url } of options.clusters) {
      this.clients.set(
        name,
        new KafkaConnectClient({
          name,
          url,
          timeoutMs: options.timeoutMs,
          conflictRetries: options.conflictRetries,
          conflictBackoffMs: options.conflictBackoffMs,
          logger: options.logger,
        }),
      );
    }
    if (!this.clients.has(options.defaultCluster)) throw new Error(`default Connect cluster "${options.defaultCluster}" is not configured`);
    this.defaultCluster = options.defaultCluster;
  }

  names(): string[] {
    return [...this.clients.keys()];
  }

  /** The named cluster, or the default; an unknown name is BAD_USER_INPUT naming the `cluster` argument. */
  get(name?: string | null): KafkaConnectClient {
    const client = this.clients.get(name ?? this.defaultCluster);
    if (!client) {
      throw new AppError('BAD_USER_INPUT', `unknown Connect cluster "${name}"; configured: ${this.names().join(', ')}`, { details: { field: 'cluster' } });
    }
    return client;
  }

  all(): KafkaConnectClient[] {
    return [...this.clients.values()];
  }
}
