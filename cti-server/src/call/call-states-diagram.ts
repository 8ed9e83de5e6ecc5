import type { AnyStateNode } from 'xstate';
import { callLifecycle } from './call-lifecycle.js';

const BEGIN = '<!-- call-states:begin (generated from cti-server/src/call/call-lifecycle.ts) -->';
const END = '<!-- call-states:end -->';

/** The call machine as a Mermaid state diagram: every transition, timer and nested state. */
export function callStatesDiagram(): string {
  const lines = ['stateDiagram-v2'];
  const name = (node: AnyStateNode) => node.path.join('_');
  const draw = (parent: AnyStateNode, indent: string) => {
    const initial = parent.config.initial;
    if (typeof initial === 'string') lines.push(`${indent}[*] --> ${name(parent.states[initial]!)}`);
    for (const node of Object.values(parent.states)) {
      if (Object.keys(node.states).length > 0) {
        lines.push(`${indent}state ${name(node)} {`);
        draw(node, `${indent}  `);
        lines.push(`${indent}}`);
      }
      for (const [event, transitions] of node.transitions) {
        for (const t of transitions) {
          const delay = event.startsWith('xstate.after.') ? event.split('.')[2] : undefined;
          const label = delay ? `after ${delay}` : event;
          if (t.target?.length) {
            for (const target of t.target) lines.push(`${indent}${name(node)} --> ${name(target)}: ${label}`);
          } else {
            // A timer that tells call control (an emitted event) without leaving the state.
            const emitted = t.actions.flatMap((a) => {
              const type = (a as { event?: { type?: unknown } }).event?.type;
              return typeof type === 'string' ? [type] : [];
            });
            lines.push(`${indent}${name(node)} --> ${name(node)}: ${[label, ...emitted].join(' / ')}`);
          }
        }
      }
      if (node.type === 'final') lines.push(`${indent}${name(node)} --> [*]`);
    }
  };
  draw(callLifecycle.root, '  ');
  return lines.join('\n');
}

/** `markdown` with the diagram block between the markers replaced by the current one. */
export function withCallStatesDiagram(markdown: string): string {
  const start = markdown.indexOf(BEGIN);
  const end = markdown.indexOf(END);
  if (start < 0 || end < start) throw new Error(`the call-states markers are missing: ${BEGIN} … ${END}`);
  const block = `${BEGIN}\n\n\`\`\`mermaid\n${callStatesDiagram()}\n\`\`\`\n\n`;
  return markdown.slice(0, start) + block + markdown.slice(end);
}
