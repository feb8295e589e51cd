export { SchemaRegistryClient, type SchemaRegistryClientOptions, type VersionRef } from './schema-registry-client';
export type * from './registry-types';
export { COMPATIBILITY_LEVELS } from './registry-types';
