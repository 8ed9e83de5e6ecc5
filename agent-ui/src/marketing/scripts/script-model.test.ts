import { describe, expect, it } from 'vitest';
import { addNode, cleanForSave, linkAnswer, liveVersions, newScriptDoc, removeNode } from './script-model.js';

describe('script model', () => {
  it('adds nodes with short free ids, links answers and ends the ones that led to a removed node', () => {
    let doc = newScriptDoc('Hello');
    const first = addNode(doc, { text: 'Why?', answers: [{ label: 'Price', next: null }] });
    expect(first.id).toBe('n1');
    doc = linkAnswer(
      {
        ...first.doc,
        nodes: {
          ...first.doc.nodes,
          start: { ...first.doc.nodes.start!, answers: [{ label: 'Go', next: null }] },
        },
      },
      'start',
      0,
      'n1',
    );
    expect(doc.nodes.start!.answers[0]!.next).toBe('n1');
    expect(linkAnswer(doc, 'start', 0, 'nowhere')).toBe(doc);
    const removed = removeNode(doc, 'n1');
    expect(removed.nodes.n1).toBeUndefined();
    expect(removed.nodes.start!.answers[0]!.next).toBeNull();
    expect(removeNode(doc, 'start')).toBe(doc);
  });

  it('saves what the server accepts: half-typed translations, objections and tips stay out', () => {
    const doc = {
      ...newScriptDoc('你好'),
      languages: ['en'],
      objections: [
        { title: '太贵', text: '讲价值', i18n: { en: { title: 'Too dear', text: '' } } },
        { title: '', text: 'typing…' },
      ],
      tips: { driver: '直说', amiable: ' ', i18n: { en: { driver: '' }, ja: { driver: 'はっきり' } } },
    };
    doc.nodes.start = { ...doc.nodes.start!, i18n: { en: { text: '' } } };
    const saved = cleanForSave(doc);
    expect(saved.nodes.start!.i18n).toBeUndefined();
    expect(saved.objections).toEqual([{ title: '太贵', text: '讲价值' }]);
    expect(saved.tips).toEqual({ driver: '直说', i18n: { ja: { driver: 'はっきり' } } });
  });

  it('the live version of each key is its newest published, active one', () => {
    const live = liveVersions([
      { key: 'a', version: 1, status: 'published', active: true },
      { key: 'a', version: 2, status: 'published', active: true },
      { key: 'a', version: 3, status: 'draft', active: true },
      { key: 'b', version: 1, status: 'published', active: true },
      { key: 'b', version: 2, status: 'published', active: false },
    ]);
    expect([...live]).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });
});
