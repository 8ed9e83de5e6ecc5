import { describe, expect, it } from 'vitest';
import { scriptProblems } from './script-check.js';

const ctx = { ruleIds: new Set(['rule-1']), language: 'zh-CN' };

const script = () => ({
  start: 'greet',
  languages: ['en'],
  nodes: {
    greet: {
      text: '您好',
      kind: 'question' as const,
      answers: [
        { label: '买', next: 'offer' as string | null },
        { label: '再见', next: null },
      ],
      i18n: { en: { text: 'Hello', answers: ['Buy', 'Bye'] } },
      position: { x: 10, y: 20 },
    },
    offer: {
      text: '云备份？',
      kind: 'offer' as const,
      offer: { ruleId: 'rule-1' },
      answers: [
        { label: '接受', next: 'email' },
        { label: '拒绝', next: null },
      ],
      i18n: { en: { text: 'Cloud backup?', answers: ['Accepted', 'Declined'] } },
    },
    email: {
      text: '邮箱？',
      kind: 'capture' as const,
      capture: { field: 'email', target: 'customer' as const, label: 'Email' },
      answers: [{ label: '下一步', next: 'bye' }],
      i18n: { en: { text: 'Email?', answers: ['Next'] } },
    },
    bye: { text: '再见', kind: 'end' as const, answers: [], i18n: { en: { text: 'Bye' } } },
  },
  objections: [],
  tips: {},
});

describe('scriptProblems', () => {
  it('finds nothing in a translated script whose links, rule and capture field are right', () => {
    expect(scriptProblems(script(), ctx)).toEqual([]);
  });

  it('reports a shape error alone, with the validator message', () => {
    const c = script() as unknown as { nodes: { greet: { kind: string } } };
    c.nodes.greet.kind = 'dance';
    const problems = scriptProblems(c, ctx);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: 'error', code: 'shape', nodeId: null });
    expect(problems[0]!.message).toContain('content.nodes.greet.kind');
  });

  it('errors: missing start, broken link, unknown rule, customer field not allowed', () => {
    const c = script();
    c.start = 'nowhere';
    c.nodes.greet.answers[0]!.next = 'gone';
    c.nodes.offer.offer.ruleId = 'rule-x';
    c.nodes.email.capture.field = 'vipTier';
    const codes = scriptProblems(c, ctx)
      .filter((p) => p.severity === 'error')
      .map((p) => [p.code, p.nodeId]);
    expect(codes).toEqual([
      ['no_start', null],
      ['broken_link', 'greet'],
      ['unknown_rule', 'offer'],
      ['capture_field', 'email'],
    ]);
  });

  it('a capture on the call may name any field', () => {
    const c = script();
    c.nodes.email.capture = { field: 'preferredTime', target: 'call' as never, label: 'When' };
    expect(scriptProblems(c, ctx)).toEqual([]);
  });

  it('warnings: dead end, unreachable node, missing translations (text and answer labels)', () => {
    const c = script() as ReturnType<typeof script> & { nodes: Record<string, unknown> };
    c.nodes.greet.answers[0]!.next = null; // offer, email, bye are now unreachable
    c.nodes.email.answers = [];
    c.nodes.offer.i18n.en.answers = ['Accepted', ' '];
    delete (c.nodes.bye as { i18n?: unknown }).i18n;
    const problems = scriptProblems(c, ctx);
    expect(problems.every((p) => p.severity === 'warning')).toBe(true);
    expect(problems.map((p) => [p.code, p.nodeId])).toEqual([
      ['missing_translation', 'offer'],
      ['dead_end', 'email'],
      ['missing_translation', 'bye'],
      ['unreachable', 'offer'],
      ['unreachable', 'email'],
      ['unreachable', 'bye'],
    ]);
    expect(problems[0]!.message).toBe('en: answer "拒绝" not translated');
  });

  it("asks no translation into the script's own language; a node without kind or answers is an end", () => {
    const c = {
      start: 'a',
      languages: ['zh-CN'],
      nodes: { a: { text: '好', answers: [] } },
      objections: [],
      tips: {},
    };
    expect(scriptProblems(c, ctx)).toEqual([]);
  });

  it('names the objections and tips not translated into a listed language', () => {
    const c = {
      start: 'a',
      languages: ['en'],
      nodes: { a: { text: '好', answers: [], i18n: { en: { text: 'Good' } } } },
      objections: [
        { title: '太贵', text: '讲价值', i18n: { en: { title: 'Too dear', text: 'Talk value' } } },
        { title: '再想想', text: '约时间' },
      ],
      tips: { driver: '直说', amiable: '耐心', i18n: { en: { driver: 'Be direct' } } },
    };
    expect(scriptProblems(c, ctx).map((p) => [p.code, p.nodeId, p.message])).toEqual([
      ['missing_translation', null, 'en: objections "再想想" are not translated'],
      ['missing_translation', null, 'en: the tips for amiable are not translated'],
    ]);
  });
});
