/**
 * Builds the schemas plane for the container: the Schema Registry adapter (SCHEMA_REGISTRY_URL, or the embedded
 * registry main started), the schemas service with its audit, the payload decoder the live views share, and a
 * readiness probe on GET /mode.
 */
import { PayloadDecoder, SchemaRegistryClient } from '../adapters/schema-registry';
import type { Config } from '../config';
import type { Plane } from './plane';
import type { Logger } from '../logging/logger';
import type { AuditRecorder } from '../services/topics/audit-port';
import { createSchemasService, type SchemasService } from '../services/schemas';

export interface SchemasPlane extends Plane<{ schemas: SchemasService }> {
  /** Decodes Confluent wire-format values for every view of a topic; schemas cached by id. */
  decoder: PayloadDecoder;
  /** The same adapter as a schema writer for producers, only when a registry is configured (else they write JSON). */
  schemaWriter?: PayloadDecoder;
}

/** A loopback port nothing listens on: without any registry every schemas call fails fast as UPSTREAM_UNAVAILABLE. */
const NO_REGISTRY = 'http://127.0.0.1:1';

export function buildSchemasPlane(config: Config, schemaRegistryUrl: string | undefined, audit: AuditRecorder, logger: Logger): SchemasPlane {
  const registry = new SchemaRegistryClient({
    url: schemaRegistryUrl ?? NO_REGISTRY,
    basicAuth: config.schemaRegistry.basicAuth,
    timeoutMs: config.schemaRegistry.timeoutMs,
    logger: logger.child({ adapter: 'schema-registry' }),
  });
  const schemas = createSchemasService({ registry, audit, logger: logger.child({ service: 'schemas' }) });
  const decoder = new PayloadDecoder(registry);
  return {
    services: { schemas },
    decoder,
    schemaWriter: schemaRegistryUrl === undefined ? undefined : decoder,
    // Without any registry (tests that start none) there is nothing to be ready.
    readiness: schemaRegistryUrl === undefined ? {} : {
      schemaRegistry: async () => {
        try {
          await registry.mode();
          return { ok: true };
        } catch (error) {
          return { ok: false, detail: (error as Error).message };
        }
      },
    },
    async start(): Promise<void> {},
    async stop(): Promise<void> {},
  };
}
