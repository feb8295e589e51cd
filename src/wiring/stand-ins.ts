import { join } from 'node:path';
import type { StandInSettings } from '../../shared/stand-in-settings';
import type { Supervisor } from './supervisor';

/** A running stand-in process, as embedded/processes.ts hands it out. */
export interface StandInHandle {
  address: string;
  port: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/** Starts one stand-in process (main passes embedded/processes.ts's spawnStandIn: only main may import embedded/). */
export type SpawnStandIn<N extends string> = (name: N, settings: StandInSettings) => Promise<StandInHandle>;

export const STAND_IN_KIND = 'embedded';

/**
 * Runs a stand-in as a supervised child process and resolves with its address once the first run is ready (rejects if
 * it cannot start). When the process dies — SIGKILL, a crash, an out-of-memory kill — the supervisor starts it again on
 * the same port with the same data dir, so every client reconnects to where it was.
 */
export async function superviseStandIn<N extends string>(supervisor: Supervisor, name: N, spawn: SpawnStandIn<N>, settings: StandInSettings): Promise<string> {
  let port = settings.port;
  let address: string | undefined;
  await supervisor.supervise(
    {
      name: `${STAND_IN_KIND}-${name}`,
      kind: STAND_IN_KIND,
      async start(run) {
        const child = await spawn(name, { ...settings, port });
        port = child.port;
        address = child.address;
        void child.exited.then(({ code, signal }) => {
          const ended = signal ?? `EXIT_${code}`;
          run.crash(Object.assign(new Error(`embedded ${name} exited (${ended})`), { code: ended }));
        });
        return { stop: () => child.stop() };
      },
    },
    { firstRunMustStart: true },
  );
  return address!;
}

export type StandInSystem = 'postgres' | 'kafka' | 'connect' | 'pinot' | 's3' | 'schemaRegistry';

export interface StandInPlan {
  /** The port of each system to run as a stand-in (0: any free port); absent systems are external. */
  ports: Partial<Record<StandInSystem, number>>;
  /** Each stand-in keeps its files under <dataDir>/<system>. */
  dataDir: string;
  /** Connect and Pinot consume these when Kafka itself is external. */
  externalKafkaBrokers?: string[];
  /** Each system's own flags and child-only variables (from the config: Connect's version mode, the store's key pair). */
  extra?: Partial<Record<StandInSystem, Pick<StandInSettings, 'extraArgs' | 'env'>>>;
}

export interface StandInAddresses {
  postgresUrl?: string;
  kafkaBrokers?: string[];
  connectUrl?: string;
  pinotUrl?: string;
  s3Url?: string;
  schemaRegistryUrl?: string;
}

/**
 * Starts the planned stand-ins in dependency order — Postgres, Kafka and the object store together, then the schema
 * registry (its state is a Kafka topic), then Connect and Pinot (which consume Kafka, and decode the demo's Avro through
 * the registry: Pinot resuming its tables before the registry answers would drop those records) together — each under
 * `supervisor`. If one cannot start, the ones already up are stopped.
 */
export async function startStandIns(supervisor: Supervisor, spawn: SpawnStandIn<StandInSystem>, plan: StandInPlan): Promise<StandInAddresses> {
  const run = (system: StandInSystem, settings: { kafkaBrokers?: string; persistent?: boolean } = {}) => {
    const port = plan.ports[system];
    if (port === undefined) return Promise.resolve(undefined);
    const dataDir = settings.persistent === false ? undefined : join(plan.dataDir, system);
    return superviseStandIn(supervisor, system, spawn, { host: '127.0.0.1', port, dataDir, kafkaBrokers: settings.kafkaBrokers, ...plan.extra?.[system] });
  };
  try {
    const [postgresUrl, kafka, s3Url] = await Promise.all([run('postgres'), run('kafka'), run('s3')]);
    const kafkaBrokers = kafka ? [kafka] : undefined;
    const brokers = (kafkaBrokers ?? plan.externalKafkaBrokers)?.join(',');
    // Connect and the registry keep their state in Kafka's topics, so they need no data dir of their own.
    const schemaRegistryUrl = await run('schemaRegistry', { kafkaBrokers: brokers, persistent: false });
    const [connectUrl, pinotUrl] = await Promise.all([run('connect', { kafkaBrokers: brokers, persistent: false }), run('pinot', { kafkaBrokers: brokers })]);
    return { postgresUrl, kafkaBrokers, connectUrl, pinotUrl, s3Url, schemaRegistryUrl };
  } catch (error) {
    await supervisor.stop();
    throw error;
  }
}
