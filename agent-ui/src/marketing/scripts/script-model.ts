// A call script's content as the designer edits it (the server's ScriptContent, every optional
// part of issue 16 included), and the edits the canvas and the side panel make to it. Pure: every
// edit returns new content, so the designer keeps one value and undo is a previous value.

export type NodeKind = 'say' | 'question' | 'offer' | 'capture' | 'end';
export const NODE_KINDS: readonly NodeKind[] = ['say', 'question', 'offer', 'capture', 'end'];
export type CaptureTarget = 'call' | 'customer';
/** Customer fields a capture node may write (the server refuses others). */
export const CUSTOMER_CAPTURE_FIELDS = ['email', 'city', 'address', 'notes'] as const;

export interface ScriptAnswer {
  label: string;
  /** The node this answer leads to; null ends the script. */
  next: string | null;
}

export interface NodeTranslation {
  text: string;
  /** The answers' labels, in the answers' order. */
  answers?: string[];
}

export interface ScriptNode {
  text: string;
  answers: ScriptAnswer[];
  kind?: NodeKind;
  i18n?: Record<string, NodeTranslation>;
  offer?: { ruleId: string };
  capture?: { field: string; target: CaptureTarget; label: string };
  position?: { x: number; y: number };
}

export interface Objection {
  title: string;
  text: string;
  i18n?: Record<string, { title: string; text: string }>;
}

export const PERSONALITIES = ['expressive', 'driver', 'amiable', 'analytical'] as const;
export type Personality = (typeof PERSONALITIES)[number];
export type PersonalityTips = Partial<Record<Personality, string>>;

export interface ScriptDoc {
  start: string;
  nodes: Record<string, ScriptNode>;
  objections: Objection[];
  tips: PersonalityTips & { i18n?: Record<string, PersonalityTips> };
  /** Languages besides the script's own every node is translated into. */
  languages?: string[];
}

/** The kind a node behaves as: written, else a question when it has answers, else an end. */
export function kindOf(node: ScriptNode): NodeKind {
  return node.kind ?? (node.answers.length > 0 ? 'question' : 'end');
}

/** A content with one start node (a new script). */
export function newScriptDoc(startText: string): ScriptDoc {
  return {
    start: 'start',
    nodes: { start: { text: startText, answers: [], kind: 'say', position: { x: 0, y: 0 } } },
    objections: [],
    tips: {},
  };
}

/** The first free id `n1`, `n2`, … (ids are kept short: they appear in stored answers). */
export function freeNodeId(doc: ScriptDoc): string {
  for (let i = 1; ; i++) if (!Object.hasOwn(doc.nodes, `n${i}`)) return `n${i}`;
}

export function addNode(
  doc: ScriptDoc,
  node: Partial<ScriptNode> & { text: string },
  id = freeNodeId(doc),
): { doc: ScriptDoc; id: string } {
  if (Object.hasOwn(doc.nodes, id)) throw new Error(`node ${id} exists`);
  return { doc: { ...doc, nodes: { ...doc.nodes, [id]: { answers: [], ...node } } }, id };
}

export function updateNode(doc: ScriptDoc, id: string, patch: Partial<ScriptNode>): ScriptDoc {
  const node = doc.nodes[id];
  if (!node) return doc;
  const next: ScriptNode = { ...node, ...patch };
  // Undefined in a patch removes the part (a node that stops being an offer loses its rule).
  for (const k of Object.keys(patch) as (keyof ScriptNode)[]) if (patch[k] === undefined) delete next[k];
  return { ...doc, nodes: { ...doc.nodes, [id]: next } };
}

/** Removes a node; answers that led to it end the script instead. The start node stays. */
export function removeNode(doc: ScriptDoc, id: string): ScriptDoc {
  if (id === doc.start || !Object.hasOwn(doc.nodes, id)) return doc;
  const nodes: Record<string, ScriptNode> = {};
  for (const [nid, node] of Object.entries(doc.nodes)) {
    if (nid === id) continue;
    nodes[nid] = node.answers.some((a) => a.next === id)
      ? { ...node, answers: node.answers.map((a) => (a.next === id ? { ...a, next: null } : a)) }
      : node;
  }
  return { ...doc, nodes };
}

/** Points answer `index` of `source` at `target` (null: ends the script). */
export function linkAnswer(doc: ScriptDoc, source: string, index: number, target: string | null): ScriptDoc {
  const node = doc.nodes[source];
  if (!node || index < 0 || index >= node.answers.length) return doc;
  if (target !== null && !Object.hasOwn(doc.nodes, target)) return doc;
  return updateNode(doc, source, {
    answers: node.answers.map((a, i) => (i === index ? { ...a, next: target } : a)),
  });
}

export function moveNode(doc: ScriptDoc, id: string, position: { x: number; y: number }): ScriptDoc {
  return updateNode(doc, id, { position: { x: Math.round(position.x), y: Math.round(position.y) } });
}

export function setStart(doc: ScriptDoc, id: string): ScriptDoc {
  return Object.hasOwn(doc.nodes, id) ? { ...doc, start: id } : doc;
}

/**
 * Drops what the server's shape check refuses but an author can leave half-typed: empty
 * translations and untranslated extra languages stay out, so a draft saves while the problems
 * list still names what is missing.
 */
export function cleanForSave(doc: ScriptDoc): ScriptDoc {
  const nodes: Record<string, ScriptNode> = {};
  for (const [id, node] of Object.entries(doc.nodes)) {
    const copy: ScriptNode = { ...node };
    if (node.i18n) {
      const i18n = Object.fromEntries(
        Object.entries(node.i18n)
          .filter(([, tr]) => tr.text.trim() !== '')
          .map(([lang, tr]) => [
            lang,
            tr.answers ? { ...tr, answers: tr.answers.slice(0, node.answers.length) } : tr,
          ]),
      );
      if (Object.keys(i18n).length > 0) copy.i18n = i18n;
      else delete copy.i18n;
    }
    nodes[id] = copy;
  }
  const filled = (x: { title: string; text: string }) => x.title.trim() !== '' && x.text.trim() !== '';
  const objections = doc.objections.filter(filled).map((o) => {
    const i18n = Object.fromEntries(Object.entries(o.i18n ?? {}).filter(([, tr]) => filled(tr)));
    const copy: Objection = { title: o.title, text: o.text };
    if (Object.keys(i18n).length > 0) copy.i18n = i18n;
    return copy;
  });
  const tipsOf = (t: PersonalityTips): PersonalityTips =>
    Object.fromEntries(PERSONALITIES.filter((p) => (t[p] ?? '').trim() !== '').map((p) => [p, t[p]]));
  const tips: ScriptDoc['tips'] = tipsOf(doc.tips);
  const tipsI18n = Object.fromEntries(
    Object.entries(doc.tips.i18n ?? {})
      .map(([lang, t]) => [lang, tipsOf(t)] as const)
      .filter(([, t]) => Object.keys(t).length > 0),
  );
  if (Object.keys(tipsI18n).length > 0) tips.i18n = tipsI18n;
  const out: ScriptDoc = { ...doc, nodes, objections, tips };
  if (doc.languages && doc.languages.length === 0) delete out.languages;
  return out;
}

/** The version new calls get for each key: the newest published, active one. */
export function liveVersions(
  rows: readonly { key: string; version: number; status: string; active: boolean }[],
): Map<string, number> {
  const live = new Map<string, number>();
  for (const r of rows)
    if (r.status === 'published' && r.active && r.version > (live.get(r.key) ?? 0))
      live.set(r.key, r.version);
  return live;
}
