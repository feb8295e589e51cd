/** The audit log's target for anything done to a connector, by a caller or by auto-restart. */
export const auditTarget = (cluster: string, name: string) => `connectors/${cluster}/${name}`;
