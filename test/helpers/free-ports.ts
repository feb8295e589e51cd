/** Environment that puts pipegraph and every embedded stand-in on free ports (tests that run src/main.ts). */
export const FREE_PORTS_ENV = {
  PORT: '0',
  EMBEDDED_POSTGRES_PORT: '0',
  EMBEDDED_KAFKA_PORT: '0',
  EMBEDDED_CONNECT_PORT: '0',
  EMBEDDED_PINOT_PORT: '0',
  EMBEDDED_S3_PORT: '0',
  EMBEDDED_SCHEMA_REGISTRY_PORT: '0',
} as const;
