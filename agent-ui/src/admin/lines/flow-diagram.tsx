// The diagram of an IVR flow, drawn with @xyflow/react (the project's flow canvas): a node per
// step, an edge per exit labelled with its key or result. Loaded lazily with the IVR flows page.
import { Background, Controls, MarkerType, ReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import type { IvrFlowGraph } from '@kefu/cti-server/contract';
import { layoutFlow } from './flow-layout.js';

const COLOURS: Record<string, string> = {
  hours: '#fff7e6',
  menu: '#e6f4ff',
  collect: '#e6f4ff',
  queue: '#f6ffed',
  voicemail: '#f9f0ff',
  callback: '#f9f0ff',
  transfer: '#f9f0ff',
  hangup: '#fff1f0',
};

const NO_NOTES: Record<string, string> = {};

export default function FlowDiagram({
  graph,
  label,
  nodeNotes = NO_NOTES,
  edgeNotes = NO_NOTES,
}: {
  graph: Pick<IvrFlowGraph['graph'], 'start' | 'nodes' | 'edges'>;
  label: string;
  /** A line added under a node's label (the reports' figures), by step id. */
  nodeNotes?: Record<string, string>;
  /** Added to an edge's label, by `from>to>label` (a step's exits have distinct labels). */
  edgeNotes?: Record<string, string>;
}) {
  const { nodes, edges } = useMemo(() => {
    const at = layoutFlow(graph.nodes, graph.edges, graph.start);
    const nodes: Node[] = graph.nodes.map((n) => ({
      id: n.id,
      position: { x: at.get(n.id)?.x ?? 0, y: at.get(n.id)?.y ?? 0 },
      data: { label: [n.id, n.label, nodeNotes[n.id]].filter(Boolean).join('\n') },
      type: n.start ? 'input' : n.final ? 'output' : 'default',
      style: {
        background: COLOURS[n.type] ?? '#fff',
        whiteSpace: 'pre-line',
        fontSize: 11,
        width: 190,
        ...(n.start && { borderWidth: 2 }),
      },
    }));
    const edges: Edge[] = graph.edges.map((e, i) => ({
      id: `${e.from}-${e.to}-${i}`,
      source: e.from,
      target: e.to,
      label: [e.label, edgeNotes[`${e.from}>${e.to}>${e.label}`]].filter(Boolean).join(' · '),
      markerEnd: { type: MarkerType.ArrowClosed },
      style: { strokeWidth: 1.2 },
      labelStyle: { fontSize: 10 },
    }));
    return { nodes, edges };
  }, [graph, nodeNotes, edgeNotes]);
  return (
    <div
      style={{ height: 560, border: '1px solid #f0f0f0' }}
      role="img"
      aria-label={label}
      data-testid="ivr-flow-diagram"
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        fitView
        nodesDraggable
        nodesConnectable={false}
        elementsSelectable={false}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
