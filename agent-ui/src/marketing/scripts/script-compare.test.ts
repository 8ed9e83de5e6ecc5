import { describe, expect, it } from 'vitest';
import { compareScripts, diffText, tokens } from './script-compare.js';
import type { ScriptDoc } from './script-model.js';

const v1: ScriptDoc = {
  start: 'greet',
  nodes: {
    greet: {
      text: 'Hello, how can I help?',
      answers: [{ label: 'Buy', next: 'buy' }],
      position: { x: 0, y: 0 },
    },
    buy: { text: '您想买什么？', answers: [] },
    old: { text: 'gone', answers: [] },
  },
  objections: [],
  tips: {},
};

describe('diffText', () => {
  it('diffs words, and Chinese character by character', () => {
    expect(tokens('您想买 two things')).toEqual(['您', '想', '买', ' ', 'two', ' ', 'things']);
    expect(diffText('Hello, how can I help?', 'Hello, how may I help you?')).toEqual([
      { op: 'same', text: 'Hello, how ' },
      { op: 'removed', text: 'can' },
      { op: 'added', text: 'may' },
      { op: 'same', text: ' I help' },
      { op: 'added', text: ' you' },
      { op: 'same', text: '?' },
    ]);
    expect(diffText('您想买什么？', '您想买哪款？')).toEqual([
      { op: 'same', text: '您想买' },
      { op: 'removed', text: '什么' },
      { op: 'added', text: '哪款' },
      { op: 'same', text: '？' },
    ]);
  });

  it('puts back either text from its parts', () => {
    const a = '我们的路由器 KF-ROUTER-100 现在有优惠';
    const b = '您的 KF-ROUTER-100 路由器本周有优惠';
    const parts = diffText(a, b);
    const join = (keep: 'added' | 'removed') =>
      parts
        .filter((p) => p.op === 'same' || p.op === keep)
        .map((p) => p.text)
        .join('');
    expect(join('removed')).toBe(a);
    expect(join('added')).toBe(b);
  });
});

describe('compareScripts', () => {
  it('lists added, removed and changed nodes, but not moves on the canvas', () => {
    const v2: ScriptDoc = {
      ...v1,
      start: 'greet',
      nodes: {
        greet: {
          text: 'Hello, how can I help?',
          answers: [
            { label: 'Buy', next: 'buy' },
            { label: 'Ask', next: 'ask' },
          ],
          position: { x: 500, y: 40 },
        },
        buy: { text: '您想买哪款？', answers: [], kind: 'end' },
        ask: { text: 'What is your question?', answers: [] },
      },
    };
    const c = compareScripts(v1, v2);
    expect(c.added).toEqual(['ask']);
    expect(c.removed).toEqual(['old']);
    expect(c.startChanged).toBeNull();
    // buy: kind 'end' written out is what it was already (no answers): only its text changed.
    expect(c.changed.map((n) => [n.nodeId, n.fields])).toEqual([
      ['greet', ['answers']],
      ['buy', ['text']],
    ]);
    const v3: ScriptDoc = {
      ...v2,
      start: 'ask',
      nodes: {
        ...v2.nodes,
        buy: { text: '您想买哪款？', answers: [], kind: 'offer', offer: { ruleId: 'r1' } },
      },
    };
    const c2 = compareScripts(v2, v3);
    expect(c2.startChanged).toEqual({ from: 'greet', to: 'ask' });
    expect(c2.changed).toEqual([
      { nodeId: 'buy', fields: ['kind', 'offer'], text: [{ op: 'same', text: '您想买哪款？' }] },
    ]);
  });

  it('gives the text diff of a changed text', () => {
    const v2: ScriptDoc = { ...v1, nodes: { ...v1.nodes, buy: { text: '您想买哪款？', answers: [] } } };
    const [change] = compareScripts(v1, v2).changed;
    expect(change?.fields).toEqual(['text']);
    expect(change?.text.filter((p) => p.op !== 'same').map((p) => p.text)).toEqual(['什么', '哪款']);
  });
});
