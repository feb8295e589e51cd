export { SchemaRegistryClient, type SchemaRegistryClientOptions, type VersionRef } from './schema-registry-client';
export type * from './registry-types';
export { COMPATIBILITY_LEVELS } from './registry-types';
export { PayloadDecoder, plainPayload } from './payload-decoder';
export { readWireHeader, writeWireHeader } from '../../../shared/confluent-wire-format';
