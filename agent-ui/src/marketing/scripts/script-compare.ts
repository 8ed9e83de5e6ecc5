// Two versions of a script side by side: which nodes one has and the other not, and for the
// nodes both have, what changed — the text as a word diff (a character diff for Chinese), the
// answers, kind, offer, capture and translations. Where a node sits on the canvas is not a change.
import { kindOf, type ScriptDoc, type ScriptNode } from './script-model.js';

export interface DiffPart {
  op: 'same' | 'added' | 'removed';
  text: string;
}

export type NodeChangeField = 'text' | 'answers' | 'kind' | 'offer' | 'capture' | 'translations';

export interface NodeChange {
  nodeId: string;
  fields: NodeChangeField[];
  /** The text from the older to the newer version. */
  text: DiffPart[];
}

export interface ScriptComparison {
  added: string[];
  removed: string[];
  changed: NodeChange[];
  startChanged: { from: string; to: string } | null;
}

/** Han characters one by one, other words whole, spaces and punctuation on their own. */
export function tokens(text: string): string[] {
  return text.match(/\p{Script=Han}|[\p{L}\p{N}_]+|\s+|[^\p{L}\p{N}_\s]/gu) ?? [];
}

/** The shortest edit from `before` to `after`, by tokens (longest common subsequence). */
export function diffText(before: string, after: string): DiffPart[] {
  const a = tokens(before);
  const b = tokens(after);
  // lcs[i][j]: the common subsequence's length of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const parts: DiffPart[] = [];
  const push = (op: DiffPart['op'], text: string) => {
    const last = parts[parts.length - 1];
    if (last?.op === op) last.text += text;
    else parts.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push('same', a[i]!);
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) push('removed', a[i++]!);
    else push('added', b[j++]!);
  }
  while (i < a.length) push('removed', a[i++]!);
  while (j < b.length) push('added', b[j++]!);
  return parts;
}

const same = (x: unknown, y: unknown) => JSON.stringify(x ?? null) === JSON.stringify(y ?? null);

function changedFields(before: ScriptNode, after: ScriptNode): NodeChangeField[] {
  const fields: NodeChangeField[] = [];
  if (before.text !== after.text) fields.push('text');
  if (!same(before.answers, after.answers)) fields.push('answers');
  if (kindOf(before) !== kindOf(after)) fields.push('kind');
  if (!same(before.offer, after.offer)) fields.push('offer');
  if (!same(before.capture, after.capture)) fields.push('capture');
  if (!same(before.i18n, after.i18n)) fields.push('translations');
  return fields;
}

/** What `newer` changed relative to `older`. */
export function compareScripts(older: ScriptDoc, newer: ScriptDoc): ScriptComparison {
  const added = Object.keys(newer.nodes).filter((id) => !Object.hasOwn(older.nodes, id));
  const removed = Object.keys(older.nodes).filter((id) => !Object.hasOwn(newer.nodes, id));
  const changed: NodeChange[] = [];
  for (const [id, after] of Object.entries(newer.nodes)) {
    const before = older.nodes[id];
    if (!before) continue;
    const fields = changedFields(before, after);
    if (fields.length > 0)
      changed.push({
        nodeId: id,
        fields,
        text:
          before.text === after.text ? [{ op: 'same', text: after.text }] : diffText(before.text, after.text),
      });
  }
  return {
    added,
    removed,
    changed,
    startChanged: older.start === newer.start ? null : { from: older.start, to: newer.start },
  };
}
