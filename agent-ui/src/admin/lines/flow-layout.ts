// Places an IVR flow's steps for the diagram (pure, tested): one column per breadth-first depth
// from the start step, steps of a column one under another; steps the start never reaches go in
// a last column.

export interface LayoutNode {
  id: string;
}
export interface LayoutEdge {
  from: string;
  to: string;
}

export const COLUMN_WIDTH = 240;
export const ROW_HEIGHT = 90;

export function layoutFlow(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  start: string,
): Map<string, { x: number; y: number; depth: number }> {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const depth = new Map<string, number>([[start, 0]]);
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const to of next.get(id) ?? []) {
      if (depth.has(to)) continue;
      depth.set(to, depth.get(id)! + 1);
      queue.push(to);
    }
  }
  const deepest = Math.max(0, ...depth.values());
  const rows = new Map<number, number>();
  const out = new Map<string, { x: number; y: number; depth: number }>();
  // Definition order within a column keeps the diagram stable between renders.
  for (const node of nodes) {
    const d = depth.get(node.id) ?? deepest + 1;
    const row = rows.get(d) ?? 0;
    rows.set(d, row + 1);
    out.set(node.id, { x: d * COLUMN_WIDTH, y: row * ROW_HEIGHT, depth: d });
  }
  return out;
}
