import { describe, expect, it } from 'vitest';
import { answerOfEdge, COLUMN_WIDTH, distancesFromStart, layout, ROW_HEIGHT, toFlow } from './script-flow.js';
import { addNode, linkAnswer, moveNode, removeNode, updateNode, type ScriptDoc } from './script-model.js';

const doc: ScriptDoc = {
  start: 'greet',
  nodes: {
    greet: {
      text: 'Hello',
      answers: [
        { label: 'Buy', next: 'buy' },
        { label: 'Ask', next: 'ask' },
        { label: 'Bye', next: null },
      ],
    },
    buy: { text: 'Which one?', answers: [{ label: 'Router', next: 'close' }] },
    ask: { text: 'Your question?', answers: [{ label: 'Done', next: 'close' }] },
    close: { text: 'Thanks', answers: [] },
    orphan: { text: 'Never reached', answers: [] },
  },
  objections: [],
  tips: {},
};

describe('layout', () => {
  it('puts nodes in columns by distance from start, unreachable ones last', () => {
    expect(Object.fromEntries(distancesFromStart(doc))).toEqual({ greet: 0, buy: 1, ask: 1, close: 2 });
    expect(layout(doc)).toEqual({
      greet: { x: 0, y: 0 },
      buy: { x: COLUMN_WIDTH, y: 0 },
      ask: { x: COLUMN_WIDTH, y: ROW_HEIGHT },
      close: { x: 2 * COLUMN_WIDTH, y: 0 },
      orphan: { x: 3 * COLUMN_WIDTH, y: 0 },
    });
  });

  it('keeps a stored position', () => {
    const moved = moveNode(doc, 'ask', { x: 12.4, y: -80.6 });
    expect(moved.nodes.ask?.position).toEqual({ x: 12, y: -81 });
    expect(layout(moved).ask).toEqual({ x: 12, y: -81 });
    // The node after it in its column moves up into the free row.
    expect(layout(moved).buy).toEqual({ x: COLUMN_WIDTH, y: 0 });
    expect(doc.nodes.ask?.position).toBeUndefined();
  });
});

describe('toFlow', () => {
  it('draws a node per script node and a labelled edge per answer that leads somewhere', () => {
    const flow = toFlow(doc, { selected: 'buy', problems: new Map([['orphan', 'warning']]) });
    expect(flow.nodes.map((n) => [n.id, n.data.kind, n.data.isStart, n.selected, n.data.problem])).toEqual([
      ['greet', 'question', true, false, null],
      ['buy', 'question', false, true, null],
      ['ask', 'question', false, false, null],
      ['close', 'end', false, false, null],
      ['orphan', 'end', false, false, 'warning'],
    ]);
    expect(flow.edges.map((e) => [e.id, e.source, e.sourceHandle, e.target, e.label])).toEqual([
      ['greet:0', 'greet', 'a0', 'buy', 'Buy'],
      ['greet:1', 'greet', 'a1', 'ask', 'Ask'],
      ['buy:0', 'buy', 'a0', 'close', 'Router'],
      ['ask:0', 'ask', 'a0', 'close', 'Done'],
    ]);
    expect(answerOfEdge('greet:1')).toEqual({ source: 'greet', index: 1 });
  });
});

describe('edits', () => {
  it('adds a question with two answers to existing nodes and links it', () => {
    const added = addNode(doc, {
      text: 'Budget?',
      kind: 'question',
      answers: [
        { label: 'Low', next: 'close' },
        { label: 'High', next: 'buy' },
      ],
    });
    expect(added.id).toBe('n1');
    const linked = linkAnswer(added.doc, 'greet', 2, added.id);
    expect(linked.nodes.greet?.answers[2]).toEqual({ label: 'Bye', next: 'n1' });
    const flow = toFlow(linked);
    expect(flow.edges.filter((e) => e.source === 'n1' || e.target === 'n1').map((e) => e.id)).toEqual([
      'greet:2',
      'n1:0',
      'n1:1',
    ]);
    // A link to a node that does not exist is not made.
    expect(linkAnswer(linked, 'greet', 2, 'nowhere')).toBe(linked);
  });

  it('removes a node and ends the answers that led to it; the start node stays', () => {
    const without = removeNode(doc, 'close');
    expect(without.nodes.close).toBeUndefined();
    expect(without.nodes.buy?.answers).toEqual([{ label: 'Router', next: null }]);
    expect(removeNode(doc, 'greet')).toBe(doc);
  });

  it('drops a part patched to undefined', () => {
    const offer = updateNode(doc, 'buy', { kind: 'offer', offer: { ruleId: 'r1' } });
    const plain = updateNode(offer, 'buy', { kind: 'question', offer: undefined });
    expect(plain.nodes.buy).toEqual({
      text: 'Which one?',
      answers: [{ label: 'Router', next: 'close' }],
      kind: 'question',
    });
  });
});
