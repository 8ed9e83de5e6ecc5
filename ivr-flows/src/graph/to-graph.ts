import type { FlowDefinition, Step, StepType } from '../flow-definition.js';
import { stepExits } from '../step-targets.js';

export interface FlowGraphNode {
  id: string;
  type: StepType;
  label: string;
  start?: true;
  final?: true;
}

export interface FlowGraphEdge {
  from: string;
  to: string;
  label: string;
}

/** Nodes and edges for the console to draw a flow (steps in definition order). */
export interface FlowGraph {
  flowId: string;
  name: string;
  nodes: FlowGraphNode[];
  edges: FlowGraphEdge[];
}

function describeStep(step: Step): string {
  switch (step.type) {
    case 'play':
      return `Play ${step.prompt}${step.bargeIn ? ' (barge-in)' : ''}`;
    case 'menu':
      return `Menu ${step.prompt}`;
    case 'collect':
      return `Collect ${step.into} (${step.minDigits}–${step.maxDigits} digits)`;
    case 'lookup':
      return `Look up customer by ${step.by}`;
    case 'branch':
      return 'Branch';
    case 'hours':
      return 'Business hours?';
    case 'setData': {
      const parts = [
        step.addSkills?.length ? `skills +${step.addSkills.join(',')}` : null,
        step.priority !== undefined ? `priority = ${step.priority}` : null,
        step.raisePriority ? `priority +${step.raisePriority}` : null,
        step.language ? `language ${step.language}` : null,
        step.queue ? `queue ${step.queue}` : null,
      ];
      return `Set ${parts.filter((p) => p !== null).join(', ')}`;
    }
    case 'setLanguage':
      return `Language: ${step.language}`;
    case 'queue':
      return `Queue ${step.queue}${step.skills?.length ? ` [${step.skills.join(', ')}]` : ''}`;
    case 'voicemail':
      return `Voicemail ${step.mailbox}`;
    case 'callback':
      return `Callback request (${step.queue})`;
    case 'transfer':
      return `Transfer to ${step.number}`;
    case 'hangup':
      return 'Hang up';
  }
}

export function toGraph(flow: FlowDefinition): FlowGraph {
  const nodes: FlowGraphNode[] = [];
  const edges: FlowGraphEdge[] = [];
  for (const [id, step] of Object.entries(flow.steps)) {
    const exits = stepExits(step);
    nodes.push({
      id,
      type: step.type,
      label: step.label ?? describeStep(step),
      ...(id === flow.start && { start: true as const }),
      ...(exits.length === 0 && { final: true as const }),
    });
    for (const exit of exits) edges.push({ from: id, to: exit.to, label: exit.label });
  }
  return { flowId: flow.id, name: flow.name, nodes, edges };
}
