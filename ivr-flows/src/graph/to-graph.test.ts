import { describe, expect, it } from 'vitest';
import { salesHotline } from '../flows/sales-hotline.js';
import { toGraph } from './to-graph.js';

describe('toGraph', () => {
  it('draws every step as a node and every exit as a labelled edge', () => {
    const graph = toGraph(salesHotline);
    expect(graph.nodes).toHaveLength(Object.keys(salesHotline.steps).length);
    expect(graph.nodes[0]).toEqual({
      id: 'identify',
      type: 'lookup',
      label: 'Look up customer by ani',
      start: true,
    });
    expect(graph.nodes.find((n) => n.id === 'queue_service')).toEqual({
      id: 'queue_service',
      type: 'queue',
      label: 'Queue service [service]',
      final: true,
    });
    expect(graph.edges.filter((e) => e.from === 'main_menu')).toEqual([
      // Digit keys come out in key order (JS orders integer-like property names).
      { from: 'main_menu', to: 'queue_operator', label: '0' },
      { from: 'main_menu', to: 'queue_sales', label: '1' },
      { from: 'main_menu', to: 'queue_service', label: '2' },
      { from: 'main_menu', to: 'queue_operator', label: 'retries exhausted' },
    ]);
    const ids = new Set(graph.nodes.map((n) => n.id));
    for (const edge of graph.edges) expect(ids.has(edge.to)).toBe(true);
    expect(JSON.parse(JSON.stringify(graph))).toEqual(graph);
  });
});
