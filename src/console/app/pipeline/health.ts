import type { Health, LineageNode } from './lineage-model';

/** Lag above this many records colours a consumer amber. */
export const LAG_WARN = 1_000;

export interface NodeFacts {
  connectorState?: string | null;
  taskStates?: string[];
  lag?: number;
  /** Dead letters per second this node is writing. */
  deadLetterRate?: number;
}

/** A node's colour from its connector and task states, its group's lag and its dead-letter rate. */
export function nodeHealth(node: LineageNode, facts: NodeFacts): Health {
  if (node.kind === 'source' || node.kind === 'sink') {
    const states = [facts.connectorState, ...(facts.taskStates ?? [])];
    if (states.includes('FAILED')) return 'bad';
    if (!facts.connectorState) return 'unknown';
    if (facts.connectorState === 'PAUSED' || facts.connectorState === 'STOPPED') return 'idle';
    if (facts.connectorState !== 'RUNNING' || states.some((state) => state !== 'RUNNING')) return 'warn';
  }
  if ((facts.lag ?? 0) > LAG_WARN || (facts.deadLetterRate ?? 0) > 0) return 'warn';
  return 'ok';
}

export function formatRate(rate: number | undefined): string {
  if (rate === undefined) return '… ev/s';
  if (rate >= 100) return `${Math.round(rate)} ev/s`;
  return `${rate.toFixed(1)} ev/s`;
}
