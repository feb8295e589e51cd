import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { Lineage } from './lineage-model';

export interface PlacedNode {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  id: string;
  points: Array<{ x: number; y: number }>;
  /** Where the throughput label goes. */
  labelAt: { x: number; y: number };
}

export interface Layout {
  width: number;
  height: number;
  nodes: Map<string, PlacedNode>;
  edges: Map<string, PlacedEdge>;
}

const elk = new ELK();
const NODE_HEIGHT = 44;
const LABEL = { width: 70, height: 16 };

/** Left-to-right layered layout (sources on the left, tables on the right), with room for each edge's rate label. */
export async function layoutLineage(lineage: Lineage): Promise<Layout> {
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.spacing.nodeNode': '28',
      'elk.spacing.edgeLabel': '4',
      'elk.edgeLabels.inline': 'true',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
    },
    children: lineage.nodes.map((node) => ({ id: node.id, width: Math.max(120, node.label.length * 7.4 + 36), height: NODE_HEIGHT })),
    edges: lineage.edges.map((edge): ElkExtendedEdge => ({ id: edge.id, sources: [edge.from], targets: [edge.to], labels: [{ text: 'rate', ...LABEL }] })),
  };
  const placed = await elk.layout(graph);
  const nodes = new Map<string, PlacedNode>();
  for (const child of placed.children ?? []) {
    nodes.set(child.id, { id: child.id, x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 });
  }
  const edges = new Map<string, PlacedEdge>();
  for (const edge of (placed.edges ?? []) as ElkExtendedEdge[]) {
    const points = (edge.sections ?? []).flatMap((section) => [section.startPoint, ...(section.bendPoints ?? []), section.endPoint]);
    const label = edge.labels?.[0];
    const labelAt = label?.x !== undefined && label.y !== undefined ? { x: label.x + LABEL.width / 2, y: label.y + LABEL.height - 4 } : midpoint(points);
    edges.set(edge.id, { id: edge.id, points, labelAt });
  }
  return { width: placed.width ?? 0, height: placed.height ?? 0, nodes, edges };
}

function midpoint(points: Array<{ x: number; y: number }>): { x: number; y: number } {
  if (points.length === 0) return { x: 0, y: 0 };
  const a = points[Math.floor((points.length - 1) / 2)]!;
  const b = points[Math.ceil((points.length - 1) / 2 + 0.5)] ?? a;
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 - 4 };
}
