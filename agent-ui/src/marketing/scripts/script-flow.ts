// Script content ↔ the canvas: one React Flow node per script node, one edge per answer that
// leads somewhere, labelled with the answer. Nodes without a stored position are laid out in
// columns by their distance (in answers) from the start node, so old scripts open readable.
import type { Edge, Node } from '@xyflow/react';
import { kindOf, type NodeKind, type ScriptDoc } from './script-model.js';

export const COLUMN_WIDTH = 300;
export const ROW_HEIGHT = 170;

export interface ScriptNodeData extends Record<string, unknown> {
  nodeId: string;
  kind: NodeKind;
  text: string;
  answers: string[];
  isStart: boolean;
  /** The worst problem the server's check found on this node. */
  problem: 'error' | 'warning' | null;
}

export type ScriptFlowNode = Node<ScriptNodeData, 'script'>;

/** Steps from the start node, breadth first; nodes it never reaches are left out. */
export function distancesFromStart(doc: ScriptDoc): Map<string, number> {
  const distance = new Map<string, number>();
  if (!Object.hasOwn(doc.nodes, doc.start)) return distance;
  distance.set(doc.start, 0);
  const queue = [doc.start];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]!;
    for (const a of doc.nodes[id]!.answers) {
      if (a.next !== null && Object.hasOwn(doc.nodes, a.next) && !distance.has(a.next)) {
        distance.set(a.next, distance.get(id)! + 1);
        queue.push(a.next);
      }
    }
  }
  return distance;
}

/**
 * A position for every node: its stored one, else column = distance from start (unreachable
 * nodes in a column after the last), row = its order among the column's nodes without one.
 */
export function layout(doc: ScriptDoc): Record<string, { x: number; y: number }> {
  const distance = distancesFromStart(doc);
  const lastColumn = Math.max(-1, ...distance.values()) + 1;
  const rows = new Map<number, number>();
  const out: Record<string, { x: number; y: number }> = {};
  for (const [id, node] of Object.entries(doc.nodes)) {
    if (node.position) {
      out[id] = node.position;
      continue;
    }
    const column = distance.get(id) ?? lastColumn;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    out[id] = { x: column * COLUMN_WIDTH, y: row * ROW_HEIGHT };
  }
  return out;
}

export const answerHandle = (index: number) => `a${index}`;
export const answerOfHandle = (handle: string | null | undefined): number | null => {
  const m = /^a(\d+)$/.exec(handle ?? '');
  return m ? Number(m[1]) : null;
};

export function toFlow(
  doc: ScriptDoc,
  options: { selected?: string | null; problems?: ReadonlyMap<string, 'error' | 'warning'> } = {},
): { nodes: ScriptFlowNode[]; edges: Edge[] } {
  const positions = layout(doc);
  const nodes: ScriptFlowNode[] = Object.entries(doc.nodes).map(([id, node]) => ({
    id,
    type: 'script',
    position: positions[id]!,
    selected: options.selected === id,
    data: {
      nodeId: id,
      kind: kindOf(node),
      text: node.text,
      answers: node.answers.map((a) => a.label),
      isStart: id === doc.start,
      problem: options.problems?.get(id) ?? null,
    },
  }));
  const edges: Edge[] = [];
  for (const [id, node] of Object.entries(doc.nodes)) {
    node.answers.forEach((a, i) => {
      if (a.next === null || !Object.hasOwn(doc.nodes, a.next)) return;
      edges.push({
        id: `${id}:${i}`,
        source: id,
        sourceHandle: answerHandle(i),
        target: a.next,
        label: a.label,
      });
    });
  }
  return { nodes, edges };
}

/** The answer an edge stands for (edge ids are `<source>:<answer index>`). */
export function answerOfEdge(edgeId: string): { source: string; index: number } | null {
  const cut = edgeId.lastIndexOf(':');
  if (cut <= 0) return null;
  const index = Number(edgeId.slice(cut + 1));
  return Number.isInteger(index) ? { source: edgeId.slice(0, cut), index } : null;
}
