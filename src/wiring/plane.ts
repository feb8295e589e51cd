/**
 * The one shape every plane in src/wiring has. Leaf module (no imports) so adapters, the server and the container can
 * all name these types without an import loop.
 */

/** One backend's or worker's answer to GET /readyz. */
export interface ReadinessResult {
  ok: boolean;
  detail?: string;
}

/** One probe per backend or worker, by the name /readyz shows. */
export type ReadinessChecks = Record<string, () => Promise<ReadinessResult>>;

/** Where each backend is, after main has started embedded stand-ins for the ones the config left unset. */
export interface Endpoints {
  databaseUrl: string;
  kafkaBrokers: string[];
  connectUrl: string;
  pinotBrokerUrl: string;
  pinotControllerUrl: string;
  /** S3_ENDPOINT, or the embedded object store; unset (tests, benchmarks) falls back to S3_ENDPOINT, else nothing answers */
  s3Endpoint?: string;
  /** SCHEMA_REGISTRY_URL, or the embedded registry; unset (tests, benchmarks) falls back to SCHEMA_REGISTRY_URL, else nothing answers */
  schemaRegistryUrl?: string;
}

/**
 * A capability wired from its config slice: the services it gives resolvers, its readiness probes, and a lifecycle.
 * `start` runs after the server listens and never fails because a backend is down (workers retry under the
 * supervisor); `stop` releases everything the plane created. Planes start in build order and stop in reverse.
 */
export interface Plane<S> {
  services: S;
  readiness: ReadinessChecks;
  start(): Promise<void>;
  stop(): Promise<void>;
}
