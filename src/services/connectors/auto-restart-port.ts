import type { AutoRestartRepository } from '../../adapters/postgres/auto-restart-repository';
import type { KafkaConnectClient } from '../../adapters/kafka-connect';

/** Where auto-restart policies live (Postgres in production; tests pass fakes). */
export type AutoRestartStore = AutoRestartRepository;

/** The Connect calls auto-restart makes: ConnectClusters satisfies it. */
export interface AutoRestartClusters {
  get(cluster?: string | null): Pick<KafkaConnectClient, 'name' | 'connector' | 'restartConnector'>;
}
