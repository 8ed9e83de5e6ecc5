import { describe, expect, it } from 'vitest';
import { conditionsOf, emptyRule, formOfRule, ruleBody } from './rule-form.js';

describe('rule form', () => {
  it('sends only the conditions that are set', () => {
    expect(conditionsOf(emptyRule)).toEqual({});
    expect(
      conditionsOf({
        ...emptyRule,
        ownsSku: 'KF-ROUTER-100',
        minVipTier: 2,
        regions: [' 北京 ', '北京'],
        stages: [],
      }),
    ).toEqual({ ownsSku: 'KF-ROUTER-100', minVipTier: 2, regions: ['北京'] });
  });

  it('keeps a tier of 0 and days of 0 (set, not empty)', () => {
    expect(conditionsOf({ ...emptyRule, minVipTier: 0, maxDaysSinceLastPurchase: 0 })).toEqual({
      minVipTier: 0,
      maxDaysSinceLastPurchase: 0,
    });
  });

  it('turns validity days into the whole local days and back', () => {
    const body = ruleBody({
      ...emptyRule,
      name: ' Cloud ',
      offerSku: 'KF-CLOUD-1Y',
      pitch: 'p',
      validFrom: '2026-12-01',
      validTo: '2026-12-31',
    });
    expect(body.name).toBe('Cloud');
    expect(body.pitchEn).toBeNull();
    expect(new Date(body.validFrom!).getDate()).toBe(1);
    expect(new Date(body.validTo!).getHours()).toBe(23);
    const back = formOfRule({
      id: 'r1',
      name: body.name,
      description: null,
      priority: 0,
      active: true,
      conditions: body.conditions,
      offerProduct: { id: 'p', sku: 'KF-CLOUD-1Y', name: '云备份', nameEn: null, priceCents: 1 },
      pitch: 'p',
      pitchEn: null,
      suppressOnOpenComplaint: false,
      validFrom: body.validFrom ?? null,
      validTo: body.validTo ?? null,
      createdById: null,
      createdAt: new Date().toISOString(),
    });
    expect(back.validFrom).toBe('2026-12-01');
    expect(back.validTo).toBe('2026-12-31');
    expect(ruleBody(back)).toEqual(body);
  });
});
