import { describe, expect, it } from 'vitest';
import { fieldsFrom, localizeScript, translationFor } from './script-fields.js';

describe('fieldsFrom', () => {
  const facts = {
    agentName: '李娜',
    customer: { name: '王芳', vipTier: 3, lifecycleStage: 'repeat', city: '北京' },
    // 2026-03-01 17:30 UTC is already 2 March in Shanghai.
    lastOrder: {
      number: 'SO-2026-0001',
      orderedAt: new Date('2026-03-01T17:30:00Z'),
      product: { name: '千兆路由器', nameEn: 'Gigabit router' },
    },
    timeZone: 'Asia/Shanghai',
    language: 'zh-CN',
  };

  it("fills every placeholder, the order's date in the centre's time zone", () => {
    expect(fieldsFrom(facts)).toEqual({
      agent: '李娜',
      customer: '王芳',
      'customer.name': '王芳',
      'customer.tier': 'VIP 3',
      'customer.stage': '复购客户',
      'customer.city': '北京',
      'customer.lastOrder': 'SO-2026-0001 (2026-03-02)',
      'customer.lastProduct': '千兆路由器',
    });
    expect(fieldsFrom({ ...facts, language: 'en' })).toMatchObject({
      'customer.stage': 'Repeat',
      'customer.lastProduct': 'Gigabit router',
    });
  });

  it('leaves what is unknown empty (no customer, no order, tier 0)', () => {
    expect(Object.values(fieldsFrom({ ...facts, agentName: null, customer: null, lastOrder: null }))).toEqual(
      Array(8).fill(''),
    );
    expect(fieldsFrom({ ...facts, customer: { ...facts.customer, vipTier: 0 } })['customer.tier']).toBe('');
  });
});

describe('localizeScript', () => {
  const content = {
    start: 'a',
    languages: ['en'],
    nodes: {
      a: {
        text: '您好',
        answers: [
          { label: '买', next: 'b' },
          { label: '再见', next: null },
        ],
        i18n: { en: { text: 'Hello', answers: ['Buy', ''] } },
      },
      b: { text: '谢谢', answers: [] },
    },
    objections: [],
    tips: {},
  };

  it('uses the translation where there is one, the original elsewhere; links stay', () => {
    const en = localizeScript(content, 'en-GB', 'zh-CN');
    expect(en.nodes.a).toMatchObject({
      text: 'Hello',
      answers: [
        { label: 'Buy', next: 'b' },
        { label: '再见', next: null },
      ],
    });
    expect(en.nodes.b!.text).toBe('谢谢');
  });

  it('translates objections and tips that have a translation', () => {
    const en = localizeScript(
      {
        ...content,
        objections: [
          { title: '太贵', text: '讲价值', i18n: { en: { title: 'Too dear', text: 'Talk value' } } },
          { title: '再想想', text: '约时间' },
        ],
        tips: { driver: '直说', amiable: '耐心', i18n: { en: { driver: 'Be direct' } } },
      },
      'en',
      'zh-CN',
    );
    expect(en.objections.map((o) => [o.title, o.text])).toEqual([
      ['Too dear', 'Talk value'],
      ['再想想', '约时间'],
    ]);
    expect(en.tips).toMatchObject({ driver: 'Be direct', amiable: '耐心' });
  });

  it('keeps the content as it is in its own or an unlisted language', () => {
    expect(localizeScript(content, 'zh-CN', 'zh-CN')).toBe(content);
    expect(localizeScript(content, 'ja')).toBe(content);
    expect(localizeScript(content, undefined)).toBe(content);
  });

  it('translationFor: exact first, then the base language', () => {
    expect(translationFor(['en', 'en-US'], 'en-US')).toBe('en-US');
    expect(translationFor(['en'], 'EN-gb')).toBe('en');
    expect(translationFor(['en'], 'zh-CN')).toBeNull();
  });
});
