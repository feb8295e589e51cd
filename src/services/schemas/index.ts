export { createSchemasService, type SchemaDraft, type SchemasService, type SchemasServiceOptions } from './schemas-service';
export type * from './registry-port';
