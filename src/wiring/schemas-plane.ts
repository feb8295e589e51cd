/**
 * Builds the schemas plane for the container: the Schema Registry adapter (SCHEMA_REGISTRY_URL, or the embedded
 * registry main started), the schemas service with its audit, the payload decoder the live views share, and a
 * readiness probe on GET /mode.
 */
import { PayloadDecoder, SchemaRegistryClient } from '../adapters/schema-registry';
import type { Config } from '../config';
import type { Logger } from '../logging/logger';
import type { AuditRecorder } from '../services/topics/audit-port';
import { createSchemasService } from '../services/schemas';

export function buildSchemasPlane(config: Config, schemaRegistryUrl: string, audit: AuditRecorder, logger: Logger) {
  const registry = new SchemaRegistryClient({
    url: schemaRegistryUrl,
    basicAuth: config.schemaRegistry.basicAuth,
    timeoutMs: config.schemaRegistry.timeoutMs,
    logger: logger.child({ adapter: 'schema-registry' }),
  });
  const schemas = createSchemasService({ registry, audit, logger: logger.child({ service: 'schemas' }) });
  return {
    schemas,
    registry,
    /** Decodes Confluent wire-format values for every view of a topic; schemas cached by id. */
    decoder: new PayloadDecoder(registry),
    readiness: {
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
