import { describe, expect, it } from 'vitest';
import { completesScript, type ScriptGraph } from './conversion-figures.js';

const script: ScriptGraph = {
  nodes: {
    greet: {
      answers: [
        { label: 'Buy', next: 'email' },
        { label: 'Later', next: 'bye' },
        { label: 'Hang up', next: null },
      ],
      i18n: { 'zh-CN': { answers: ['购买', '以后', '挂断'] } },
    },
    email: { kind: 'capture', answers: [{ label: 'Next', next: 'bye' }] },
    bye: { answers: [] },
    lastWord: { kind: 'capture', answers: [] },
  },
};

describe('completesScript', () => {
  it('counts an answer leading to next null or to a node without answers as the end', () => {
    expect(completesScript(script, [{ nodeId: 'greet', answer: 'Hang up' }])).toBe(true);
    expect(completesScript(script, [{ nodeId: 'greet', answer: 'Later' }])).toBe(true);
    expect(completesScript(script, [{ nodeId: 'greet', answer: 'Buy' }])).toBe(false);
  });

  it('matches a translated label by position and a capture by its first answer', () => {
    expect(completesScript(script, [{ nodeId: 'greet', answer: '挂断' }])).toBe(true);
    expect(completesScript(script, [{ nodeId: 'greet', answer: '购买' }])).toBe(false);
    expect(
      completesScript(script, [
        { nodeId: 'greet', answer: 'Buy' },
        { nodeId: 'email', answer: 'wang@example.com' },
      ]),
    ).toBe(true);
    expect(completesScript(script, [{ nodeId: 'lastWord', answer: 'call me on Friday' }])).toBe(true);
  });

  it('is not complete without answers, or with an answer the version does not have', () => {
    expect(completesScript(script, [])).toBe(false);
    expect(completesScript(script, [{ nodeId: 'greet', answer: 'Maybe' }])).toBe(false);
    expect(completesScript(script, [{ nodeId: 'gone', answer: 'Buy' }])).toBe(false);
  });
});
