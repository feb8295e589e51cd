/**
 * The contract between the code that spawns a stand-in process (embedded/processes.ts) and the supervisor that
 * restarts it (src/wiring/stand-ins.ts), which may not import embedded/: where a stand-in process is asked to listen
 * and keep its files.
 */
export interface StandInSettings {
  host: string;
  /** 0 picks a free port on the first start; restarts pass the port it got, so clients reconnect to the same place. */
  port: number;
  /** Undefined keeps the system's data in memory (gone with the process). */
  dataDir?: string;
  /** Comma-separated brokers, for the stand-ins that consume Kafka. */
  kafkaBrokers?: string;
  /** Flags of that stand-in's own (Connect's --version, the object store's --bucket), after the common ones. */
  extraArgs?: string[];
  /** Variables for the child only: secrets stay off its command line (the object store's key pair). */
  env?: Record<string, string>;
}
