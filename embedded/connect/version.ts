/** The Apache Kafka release whose Connect REST semantics this worker follows (reported by `GET /`). */
export const CONNECT_VERSION = '3.9.0';
export const CONNECT_COMMIT = 'pipegraph-embedded';
