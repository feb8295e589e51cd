import type { ConnectorInfo, ConnectorStatus, TaskStateInfo } from '../../adapters/kafka-connect';
import { redactSecrets, scrubText, secretValuesOf } from '../../secrets';
import type { ConnectorKind, ConnectorState, ConnectorTaskView, ConnectorView } from './connector-model';
import { lineageOf } from './lineage';

const KINDS: Record<string, ConnectorKind> = { source: 'SOURCE', sink: 'SINK' };

export function taskViews(tasks: TaskStateInfo[], secrets: string[] = []): ConnectorTaskView[] {
  return [...tasks]
    .sort((a, b) => a.id - b.id)
    .map((t) => ({ id: t.id, state: t.state as ConnectorState, workerId: t.worker_id ?? null, trace: t.trace ? scrubText(t.trace, secrets) : null }));
}

/** Connect's info + status as the API shows a connector: config redacted, traces without secrets. */
export function connectorView(cluster: string, info: ConnectorInfo, status: ConnectorStatus | undefined, activeTopics: string[] = []): ConnectorView {
  const secrets = secretValuesOf(info.config);
  const type = status?.type ?? info.type;
  return {
    cluster,
    name: info.name,
    className: info.config['connector.class'] ?? null,
    type: KINDS[type] ?? 'UNKNOWN',
    state: (status?.connector.state ?? 'UNASSIGNED') as ConnectorState,
    workerId: status?.connector.worker_id ?? null,
    trace: status?.connector.trace ? scrubText(status.connector.trace, secrets) : null,
    tasks: taskViews(status?.tasks ?? [], secrets),
    config: redactSecrets(info.config),
    lineage: lineageOf(type, info.config, activeTopics),
    settled: null,
  };
}
