// The script on a canvas (@xyflow/react): a card per node with a handle per answer on its right;
// dragging from an answer's handle onto a node links it there, dragging a card moves it (the
// position is kept in the content). Selection lives in the designer, not in React Flow.
import {
  applyNodeChanges,
  Background,
  Controls,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  type Connection,
  type NodeChange,
  type NodeProps,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo, useState } from 'react';
import { useMessages } from '../../i18n/i18n-context.js';
import { designerMessages } from './designer-messages.js';
import { answerHandle, answerOfHandle, toFlow, type ScriptFlowNode } from './script-flow.js';
import type { ScriptDoc } from './script-model.js';

const KIND_COLOURS: Record<string, string> = {
  say: '#ffffff',
  question: '#e6f4ff',
  offer: '#f6ffed',
  capture: '#fff7e6',
  end: '#fff1f0',
};
const PROBLEM_BORDERS = { error: '#ff4d4f', warning: '#faad14' } as const;

function ScriptCard({ data, selected }: NodeProps<ScriptFlowNode>) {
  const t = useMessages(designerMessages);
  return (
    <div
      data-testid={`script-node-${data.nodeId}`}
      style={{
        width: 220,
        background: KIND_COLOURS[data.kind] ?? '#fff',
        border: `${selected ? 2 : 1}px solid ${data.problem ? PROBLEM_BORDERS[data.problem] : selected ? '#1677ff' : '#d9d9d9'}`,
        borderRadius: 6,
        padding: '6px 8px',
        fontSize: 11,
      }}
    >
      <Handle type="target" position={Position.Left} />
      <div style={{ fontWeight: 600, marginBottom: 2 }}>
        {data.isStart ? '▶ ' : ''}
        {data.nodeId} · {t(`kind_${data.kind}`)}
      </div>
      <div style={{ whiteSpace: 'pre-wrap', maxHeight: 64, overflow: 'hidden' }}>{data.text}</div>
      {data.answers.map((label, i) => (
        <div
          key={i}
          style={{ position: 'relative', marginTop: 4, paddingRight: 10, textAlign: 'right', color: '#555' }}
        >
          {label}
          <Handle
            type="source"
            id={answerHandle(i)}
            position={Position.Right}
            style={{ top: '50%', right: -8 }}
          />
        </div>
      ))}
    </div>
  );
}

const nodeTypes = { script: ScriptCard };

export function ScriptCanvas({
  doc,
  selected,
  problems,
  onSelect,
  onMove,
  onLink,
}: {
  doc: ScriptDoc;
  selected: string | null;
  problems: ReadonlyMap<string, 'error' | 'warning'>;
  onSelect: (id: string | null) => void;
  onMove: (id: string, position: { x: number; y: number }) => void;
  onLink: (source: string, answer: number, target: string) => void;
}) {
  const t = useMessages(designerMessages);
  const flow = useMemo(() => toFlow(doc, { selected, problems }), [doc, selected, problems]);
  // React Flow moves and measures nodes through changes; the content gets the position on drop.
  const [moved, setMoved] = useState({ from: flow.nodes, nodes: flow.nodes });
  // New content replaces what React Flow moved and measured (adjusting state on a prop change).
  if (moved.from !== flow.nodes) setMoved({ from: flow.nodes, nodes: flow.nodes });
  const nodes = moved.from === flow.nodes ? moved.nodes : flow.nodes;
  const edges = useMemo(
    () =>
      flow.edges.map((e) => ({
        ...e,
        markerEnd: { type: MarkerType.ArrowClosed },
        labelStyle: { fontSize: 10 },
      })),
    [flow.edges],
  );
  const connect = (c: Connection) => {
    const answer = answerOfHandle(c.sourceHandle);
    if (c.source && c.target && answer !== null) onLink(c.source, answer, c.target);
  };
  return (
    <div style={{ height: 520, border: '1px solid #f0f0f0' }} aria-label={t('canvas')} role="group">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        onNodesChange={(changes: NodeChange<ScriptFlowNode>[]) =>
          setMoved((m) => ({ ...m, nodes: applyNodeChanges(changes, m.nodes) }))
        }
        nodeTypes={nodeTypes}
        fitView
        onNodeClick={(_, node) => onSelect(node.id)}
        onPaneClick={() => onSelect(null)}
        onNodeDragStop={(_, node) => onMove(node.id, node.position)}
        onConnect={connect}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
