import { describe, expect, it } from 'vitest';
import { chooseScript, type ScriptCandidate } from './script-choice.js';

const s = (key: string, version: number, over: Partial<ScriptCandidate> = {}): ScriptCandidate => ({
  key,
  version,
  language: 'zh-CN',
  lineId: null,
  queueId: 'q-sales',
  active: true,
  ...over,
});
const call = { lineId: 'l-1000', queueId: 'q-sales' };

describe('chooseScript', () => {
  it("takes a key's latest active version, never an inactive newer one", () => {
    const choice = chooseScript(
      [s('sales', 1), s('sales', 2), s('sales', 3, { active: false })],
      call,
      'zh-CN',
    );
    expect(choice?.script.version).toBe(2);
    expect(choice?.alternatives).toEqual([]);
  });

  it('prefers the line over the queue, then the wanted language', () => {
    const queueEn = s('sales-en', 1, { language: 'en' });
    const lineZh = s('hotline', 1, { lineId: 'l-1000', queueId: null });
    const lineEn = s('hotline-en', 1, { lineId: 'l-1000', queueId: null, language: 'en' });
    const choice = chooseScript([queueEn, lineZh, lineEn], call, 'en-GB');
    expect(choice?.script).toBe(lineEn);
    expect(choice?.matchedBy).toBe('line');
    expect(choice?.alternatives).toEqual([lineZh, queueEn]);
  });

  it('falls back to another language rather than no script', () => {
    const choice = chooseScript([s('sales', 1)], call, 'en');
    expect(choice).toMatchObject({ matchedBy: 'queue', script: { key: 'sales' } });
  });

  it('ignores scripts for other lines and queues', () => {
    expect(chooseScript([s('svc', 1, { queueId: 'q-service' })], call, 'zh-CN')).toBeNull();
    expect(
      chooseScript([s('any', 1, { queueId: null })], { lineId: null, queueId: null }, 'zh-CN'),
    ).toBeNull();
  });
});

describe('chooseScript with audiences', () => {
  const vip = { vipTier: 3, lifecycleStage: 'repeat', valueQuadrant: 'I', segment: 'enterprise' };
  const plain = { vipTier: 0, lifecycleStage: 'potential', valueQuadrant: null, segment: 'consumer' };
  const lineAll = s('hotline', 1, { lineId: 'l-1000', queueId: null });
  const queueVip = s('sales-vip', 1, { audience: { minVipTier: 2, quadrants: ['I', 'II'] } });
  const lineVip = s('hotline-vip', 1, { lineId: 'l-1000', queueId: null, audience: { stages: ['repeat'] } });

  it('line + audience > line > queue + audience > queue', () => {
    const all = [lineAll, queueVip, lineVip, s('sales', 1)];
    expect(chooseScript(all, { ...call, customer: vip }, 'zh-CN')).toMatchObject({
      matchedBy: 'line-audience',
      script: { key: 'hotline-vip' },
      alternatives: [lineAll, queueVip, all[3]],
    });
    expect(chooseScript(all, { ...call, customer: plain }, 'zh-CN')).toMatchObject({
      matchedBy: 'line',
      alternatives: [all[3]],
    });
    expect(chooseScript([queueVip, s('sales', 1)], { ...call, customer: vip }, 'zh-CN')?.matchedBy).toBe(
      'queue-audience',
    );
  });

  it('without a known customer only audience-less scripts fit', () => {
    expect(chooseScript([queueVip], { ...call, customer: null }, 'zh-CN')).toBeNull();
    expect(chooseScript([queueVip, s('sales', 1)], call, 'zh-CN')?.script.key).toBe('sales');
  });

  it('a script translated into the wanted language beats one that is not, not one written in it', () => {
    const translated = s('sales', 1, { languages: ['en'] });
    const other = s('other', 2);
    expect(chooseScript([other, translated], call, 'en')?.script).toBe(translated);
    const native = s('sales-en', 1, { language: 'en' });
    expect(chooseScript([translated, native], call, 'en')?.script).toBe(native);
  });
});
