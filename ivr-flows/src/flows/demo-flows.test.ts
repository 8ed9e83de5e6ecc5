import { describe, expect, it } from 'vitest';
import { simulateFlow, type SimulateOptions } from '../simulate/simulate-flow.js';
import { OPEN_TIME } from '../test-support/call-harness.js';
import { salesHotline } from './sales-hotline.js';
import { serviceHotline } from './service-hotline.js';

const CLOSED_TIME = '2026-11-24T22:30:00+08:00';
const UNKNOWN_ANI = '13700000000';

const run = (options: Omit<SimulateOptions, 'at'> & { at?: string }) =>
  simulateFlow({ ...options, at: new Date(options.at ?? OPEN_TIME) });
const stepsOf = (sim: Awaited<ReturnType<typeof run>>) => sim.result.path.map((e) => e.step);

describe('sales-hotline (4008001000)', () => {
  it('1 = buy → sales queue with the sales skill', async () => {
    const sim = await run({ flow: salesHotline, ani: UNKNOWN_ANI, keys: ['1'] });
    expect(sim.result.outcome).toEqual({
      kind: 'queue',
      queue: 'sales',
      skills: ['sales'],
      priority: 0,
      language: 'zh-CN',
    });
    expect(stepsOf(sim)).toEqual([
      'identify',
      'caller_language',
      'hours',
      'welcome',
      'main_menu',
      'queue_sales',
    ]);
  });

  it('2 = orders/service → service queue with the service skill', async () => {
    const sim = await run({ flow: salesHotline, ani: UNKNOWN_ANI, keys: ['2'] });
    expect(sim.result.outcome).toMatchObject({ kind: 'queue', queue: 'service', skills: ['service'] });
  });

  it('0 = operator → general sales queue without skills', async () => {
    const sim = await run({ flow: salesHotline, ani: UNKNOWN_ANI, keys: ['0'] });
    expect(sim.result.outcome).toMatchObject({ kind: 'queue', queue: 'sales', skills: [] });
  });

  it('welcomes a known English caller in English', async () => {
    const sim = await run({ flow: salesHotline, ani: '14155550123', keys: ['1'] });
    expect(sim.prompts.map((p) => [p.prompt, p.language])).toEqual([
      ['welcome_sales', 'en'],
      ['menu_sales', 'en'],
    ]);
    expect(sim.result.outcome).toMatchObject({ language: 'en' });
  });

  it('three invalid answers go to the operator', async () => {
    const sim = await run({ flow: salesHotline, ani: UNKNOWN_ANI, keys: ['9', '8', '7'] });
    expect(sim.result.outcome).toMatchObject({ queue: 'sales', skills: [] });
    expect(sim.result.path.find((e) => e.step === 'main_menu')).toMatchObject({ keys: '987', retries: 2 });
  });

  it('silence times out to the operator after 3 × 5 s', async () => {
    const sim = await run({ flow: salesHotline, ani: UNKNOWN_ANI });
    expect(sim.result.outcome).toMatchObject({ queue: 'sales' });
    expect(sim.result.path.find((e) => e.step === 'main_menu')).toMatchObject({
      result: 'noInput:retries-exhausted',
    });
    expect(sim.result.durationMs).toBe(15_000);
  });

  it('out of hours plays closed, then 1 = voicemail, 2 = callback, silence = goodbye', async () => {
    const voicemail = await run({ flow: salesHotline, ani: UNKNOWN_ANI, at: CLOSED_TIME, keys: ['1'] });
    expect(voicemail.prompts.map((p) => p.prompt)).toEqual(['closed', 'callback_offer', 'voicemail_beep']);
    expect(voicemail.result.outcome).toEqual({ kind: 'voicemail', mailbox: 'sales', language: 'zh-CN' });
    const callback = await run({ flow: salesHotline, ani: UNKNOWN_ANI, at: CLOSED_TIME, keys: ['2'] });
    expect(callback.result.outcome).toMatchObject({ kind: 'callback', queue: 'sales', number: UNKNOWN_ANI });
    const silent = await run({ flow: salesHotline, ani: UNKNOWN_ANI, at: CLOSED_TIME });
    expect(silent.result.outcome).toMatchObject({ kind: 'hangup' });
  });

  it('is closed on a public holiday and on Sunday', async () => {
    for (const at of ['2026-10-01T10:00:00+08:00', '2026-11-29T10:00:00+08:00']) {
      const sim = await run({ flow: salesHotline, ani: UNKNOWN_ANI, at, keys: ['2'] });
      expect(sim.result.outcome).toMatchObject({ kind: 'callback' });
    }
  });

  it('records a hang-up mid-menu as abandonment at main_menu', async () => {
    const sim = await run({ flow: salesHotline, ani: UNKNOWN_ANI, hangupAtStep: 'main_menu' });
    expect(sim.result.outcome).toMatchObject({ kind: 'abandoned', step: 'main_menu', stepType: 'menu' });
    expect(sim.result.path.at(-1)).toMatchObject({ step: 'main_menu', result: 'caller-hangup' });
  });
});

describe('service-hotline (4008002000)', () => {
  it('routes a caller known by ANI straight to service', async () => {
    const sim = await run({ flow: serviceHotline, ani: '13800138000' });
    expect(sim.result.customer?.name).toBe('王芳');
    expect(sim.result.outcome).toEqual({
      kind: 'queue',
      queue: 'service',
      skills: ['service'],
      priority: 0,
      language: 'zh-CN',
    });
    expect(stepsOf(sim)).not.toContain('ask_account');
  });

  it('gives VIPs (tier ≥ 2) a greeting and priority', async () => {
    const sim = await run({ flow: serviceHotline, ani: '13800138000', customerTier: 2 });
    expect(sim.prompts.map((p) => p.prompt)).toContain('vip_greeting');
    expect(sim.result.outcome).toMatchObject({ priority: 5, skills: ['service'] });
    const regular = await run({ flow: serviceHotline, ani: '13800138000', customerTier: 1 });
    expect(regular.prompts.map((p) => p.prompt)).not.toContain('vip_greeting');
  });

  it('adds the complaints skill and priority for an open complaint', async () => {
    const sim = await run({ flow: serviceHotline, ani: '13900139000' });
    expect(sim.result.outcome).toMatchObject({ skills: ['service', 'complaints'], priority: 8 });
  });

  it('asks an unknown caller for the account number and identifies them by it', async () => {
    const sim = await run({ flow: serviceHotline, ani: UNKNOWN_ANI, keys: ['20000001#'] });
    expect(sim.result.collected).toEqual({ accountNumber: '20000001' });
    expect(sim.result.customer?.name).toBe('John Smith');
    expect(sim.result.outcome).toMatchObject({ queue: 'service', priority: 5, language: 'en' });
  });

  it('sends an unknown account, or no account at all, to service unidentified', async () => {
    const wrong = await run({ flow: serviceHotline, ani: UNKNOWN_ANI, keys: ['55555555#'] });
    expect(stepsOf(wrong)).toContain('account_not_found');
    expect(wrong.result.customer).toBeNull();
    const silent = await run({ flow: serviceHotline, ani: UNKNOWN_ANI });
    expect(silent.result.path.find((e) => e.step === 'ask_account')).toMatchObject({ retries: 2 });
    expect(silent.result.outcome).toMatchObject({ queue: 'service', priority: 0 });
  });

  it('out of hours offers a callback', async () => {
    const sim = await run({ flow: serviceHotline, ani: '13800138000', at: CLOSED_TIME, keys: ['1'] });
    expect(sim.prompts.map((p) => p.prompt)).toEqual(['closed', 'callback_only_offer', 'callback_confirmed']);
    expect(sim.result.outcome).toEqual({
      kind: 'callback',
      queue: 'service',
      number: '13800138000',
      language: 'zh-CN',
    });
  });

  it('says when the fake customer list was used and when a real lookup was given', async () => {
    expect((await run({ flow: serviceHotline, ani: UNKNOWN_ANI })).usedFakeCustomers).toBe(true);
    const sim = await run({ flow: serviceHotline, ani: UNKNOWN_ANI, lookupCustomer: async () => null });
    expect(sim.usedFakeCustomers).toBe(false);
  });
});
