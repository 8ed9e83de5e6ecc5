import { describe, expect, it } from 'vitest';
import { checkScriptContent } from './script-content.js';

const valid = () => ({
  start: 'greet',
  nodes: {
    greet: {
      text: 'Hello',
      answers: [
        { label: 'Buy', next: 'offer' },
        { label: 'Bye', next: null },
      ],
    },
    offer: { text: 'Mesh kit?', answers: [] },
  },
  objections: [{ title: 'Too expensive', text: 'Instalments are available.' }],
  tips: { driver: 'Be brief.' },
});

describe('checkScriptContent', () => {
  it('accepts a script whose links all resolve (null ends the script)', () => {
    expect(checkScriptContent(valid())).toEqual({ ok: true, content: valid() });
  });

  it('names an answer that leads nowhere', () => {
    const c = valid();
    c.nodes.offer.answers = [{ label: 'Next', next: 'close' } as never];
    expect(checkScriptContent(c)).toEqual({
      ok: false,
      message: 'content.nodes.offer.answers[0].next "close" is not a node',
    });
  });

  it('names a missing start node', () => {
    expect(checkScriptContent({ ...valid(), start: 'hello' })).toEqual({
      ok: false,
      message: 'content.start "hello" is not a node',
    });
  });

  it('refuses a node id that only exists on Object.prototype', () => {
    const result = checkScriptContent({ ...valid(), start: 'toString' });
    expect(result.ok).toBe(false);
  });

  it.each([
    [{ ...valid(), nodes: undefined }, /content must have required property 'nodes'/],
    [{ ...valid(), tips: { shy: 'x' } }, /content\.tips must NOT have additional properties \(shy\)/],
    [
      { ...valid(), objections: [{ title: 'x' }] },
      /content\.objections\.0 must have required property 'text'/,
    ],
    [{ ...valid(), nodes: { greet: { text: '', answers: [] } } }, /content\.nodes\.greet\.text/],
    [
      { ...valid(), nodes: { ...valid().nodes, 'bad id': { text: 5 } } },
      /content\.nodes must NOT have additional properties \(bad id\)/,
    ],
    ['not an object', /content must be object/],
  ])('refuses a bad shape with a message saying where (%#)', (content, message) => {
    const result = checkScriptContent(content);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(message);
  });
});
