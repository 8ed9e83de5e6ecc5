import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCtiStack, eventually, type CtiStack } from '../support/cti-stack.js';
import { runSipp, type SippRun } from '../support/sipp.js';
import { launchConsoleBrowser, remoteAudioPeak, type ConsoleBrowser, logInAgent } from './browser.js';
import { startCarrierMedia, type CarrierMedia } from './carrier-media.js';
import { ensureConsoleBuilt } from './console-build.js';

/** A caller's tone or an agent's fake-mic beep, well above A-law silence (±8). */
const LOUD = 1000;
const QUIET = 64;

/**
 * Transfers from the console, two agents in two Chromiums against the real server: a SIPp
 * carrier call (its RTP is this test's socket) to the sales line is answered by 1002, then
 * handed to 1003 — blind (REFER) or after a consult (REFER with Replaces). The caller ends up
 * hearing 1003 (muting 1003 silences what the carrier receives), both agents wrap up, and the
 * Interaction keeps the transfer and the final agent.
 */
describe('console transfers (blind, consult + attended)', () => {
  let stack: CtiStack;
  const browsers: ConsoleBrowser[] = [];
  const pages = new Map<string, Page>();
  let carrier: SippRun | undefined;
  let media: CarrierMedia | undefined;

  beforeAll(async () => {
    const dist = ensureConsoleBuilt();
    stack = await startCtiStack('sqlite', { UI_DIST: dist });
    await Promise.all(
      ['1002', '1003'].map(async (ext) => {
        const browser = await launchConsoleBrowser('en-US');
        browsers.push(browser);
        const page = await browser.context.newPage();
        await logInAgent(page, stack.httpUrl, ext);
        pages.set(ext, page);
      }),
    );
  }, 60_000);
  afterEach(() => {
    carrier?.stop();
    media?.close();
  });
  afterAll(async () => {
    await Promise.all(browsers.map((b) => b.close()));
    await stack?.close();
  });

  const page = (ext: string) => pages.get(ext)!;
  const agentState = async (ext: string) => {
    const res = await stack.app.inject({
      method: 'GET',
      url: `/api/agents/${ext}`,
      headers: await stack.headers(ext),
    });
    return (res.json() as { state: string }).state;
  };
  const setState = async (ext: string, state: 'ready' | 'not_ready') => {
    const res = await stack.app.inject({
      method: 'PUT',
      url: `/api/agents/${ext}/state`,
      headers: await stack.headers(ext),
      payload: { state, ...(state === 'not_ready' && { reason: 'break' }) },
    });
    expect(res.statusCode, res.body).toBe(200);
    await eventually(async () => (await agentState(ext)) === state);
  };
  const phase = (ext: string, p: string) =>
    page(ext).locator(`[data-testid=phone-call][data-phase=${p}]`).waitFor({ timeout: 15_000 });
  const button = (ext: string, name: string) => page(ext).getByRole('button', { name, exact: true });
  const remotePeak = (ext: string) => remoteAudioPeak(page(ext));
  /** The carrier receives packets for `ms` and reports them. */
  const carrierHears = async (ms = 1500) => {
    const from = Date.now();
    await new Promise((r) => setTimeout(r, ms));
    return media!.window(from);
  };

  /** 1002 Ready, 1003 not (so the queue call goes to 1002), the call rings and 1002 answers. */
  async function callAnsweredBy1002(ani: string) {
    await setState('1003', 'not_ready');
    await setState('1002', 'ready');
    media = await startCarrierMedia();
    carrier = await runSipp({
      scenarioFile: path.join(import.meta.dirname, 'sipp', 'carrier-call-held.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008003000',
      vars: { ani, mport: String(media.port) },
      timeoutSeconds: 50,
    });
    await phase('1002', 'ringing');
    await button('1002', 'Answer').click();
    await page('1002')
      .locator('[data-testid=phone-call][data-media-connected=true]')
      .waitFor({ timeout: 15_000 });
    // Audio both ways: 1002 hears the carrier's tone, the carrier hears 1002's fake microphone.
    await eventually(async () => (await remotePeak('1002')) > 0.01, 15_000);
    await eventually(async () => (await carrierHears(1000)).peak > LOUD, 15_000);
  }

  /** 1003 has the caller: the carrier hears 1003, and nothing while 1003 is muted. */
  async function callerHears1003() {
    await page('1003')
      .locator('[data-testid=phone-call][data-media-connected=true]')
      .waitFor({ timeout: 15_000 });
    await eventually(async () => (await carrierHears(1000)).peak > LOUD, 15_000);
    await button('1003', 'Mute').click();
    await new Promise((r) => setTimeout(r, 500));
    const muted = await carrierHears(1500);
    expect(muted.packets).toBeGreaterThan(40); // still 20 ms packets, just silent
    expect(muted.peak).toBeLessThan(QUIET);
    await button('1003', 'Unmute').click();
    await eventually(async () => (await carrierHears(1000)).peak > LOUD, 15_000);
  }

  /** 1003 hangs up (kefu BYEs the carrier), both agents wrap up; returns the stored call. */
  async function hangUpAndWrapUp(ani: string) {
    await page('1002').getByTestId('wrap-up-form').waitFor({ timeout: 15_000 });
    await page('1002').getByTestId('disposition').selectOption({ index: 0 });
    await button('1002', 'Save and go Ready').click();
    await page('1002').getByTestId('no-call').waitFor();

    await button('1003', 'Hang up').click();
    const result = await carrier!.done;
    expect(result.code, result.output).toBe(0);
    const ended = await eventually(() =>
      stack.tdb.db.interaction.findFirst({
        where: { ani, endedAt: { not: null } },
        orderBy: { offeredAt: 'desc' },
      }),
    );
    const form = page('1003').getByTestId('wrap-up-form');
    await form.waitFor({ timeout: 15_000 });
    const options = await page('1003')
      .getByTestId('disposition')
      .locator('option')
      .evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
    const disposition = options.at(-1)!;
    await page('1003').getByTestId('disposition').selectOption(disposition);
    await page('1003').getByTestId('wrap-up-notes').fill('e2e: transferred call');
    await button('1003', 'Save and go Ready').click();
    await page('1003').getByTestId('no-call').waitFor();
    const row = await eventually(() =>
      stack.tdb.db.interaction.findFirst({
        where: { id: ended.id, disposition },
        include: { events: { orderBy: { at: 'asc' } }, agent: true },
      }),
    );
    return row;
  }

  it('blind: 1002 transfers to 1003, who answers in the other browser and ends the call', async () => {
    const started = Date.now();
    await callAnsweredBy1002('13800138000');
    // Outside numbers leave through the outbound trunk; the demo trunk has no carrier host, so the
    // REFER is refused and the console says why.
    await page('1002').getByTestId('transfer-input').fill('+8613900000000');
    await button('1002', 'Transfer').click();
    await page('1002')
      .getByTestId('phone-error')
      .filter({ hasText: 'transfer to +8613900000000 refused: 503 No Outbound Trunk' })
      .waitFor({ timeout: 10_000 });
    await page('1002').getByTestId('phone-error').getByRole('button', { name: 'Close' }).click();
    await setState('1003', 'ready');
    await page('1002').getByTestId('transfer-input').fill('1003');
    await button('1002', 'Transfer').click();
    await phase('1003', 'ringing');
    await button('1003', 'Answer').click();
    await phase('1003', 'connected');
    await phase('1002', 'ended');
    await callerHears1003();
    const row = await hangUpAndWrapUp('+8613800138000');
    expect(row.agent?.extension).toBe('1003');
    expect(row.endedBy).toBe('agent');
    const transferred = row.events.find((e) => e.type === 'transferred');
    expect(transferred?.data).toMatchObject({ from: '1002', to: '1003', kind: 'blind' });
    console.log(`blind transfer test: ${Date.now() - started} ms`);
  }, 90_000);

  it('to a queue: 1002 picks the sales queue, the ACD gives the caller to 1003', async () => {
    await callAnsweredBy1002('13800138003');
    await setState('1003', 'ready');
    await page('1002').getByLabel('Queue to transfer to').selectOption('sales');
    await button('1002', 'Transfer to queue').click();
    await phase('1002', 'ended');
    await phase('1003', 'ringing');
    await button('1003', 'Answer').click();
    await phase('1003', 'connected');
    await callerHears1003();
    const row = await hangUpAndWrapUp('+8613800138003');
    expect(row.agent?.extension).toBe('1003');
    expect(row.events.find((e) => e.type === 'transferred')?.data).toMatchObject({
      from: '1002',
      to: 'sales',
      kind: 'queue',
    });
  }, 90_000);

  it('consult 1003, then Complete transfer: the caller ends with 1003', async () => {
    const started = Date.now();
    await callAnsweredBy1002('13800138000');
    await page('1002').getByTestId('transfer-input').fill('1003');
    await button('1002', 'Consult').click();
    // The customer is on hold (music), the consult rings 1003.
    await button('1002', 'Resume').waitFor();
    await phase('1003', 'ringing');
    await button('1003', 'Answer').click();
    await page('1002')
      .locator('[data-testid=consult-call][data-phase=connected]')
      .waitFor({ timeout: 15_000 });
    await page('1003')
      .locator('[data-testid=phone-call][data-media-connected=true]')
      .waitFor({ timeout: 15_000 });
    // The two agents talk: 1003 hears 1002's microphone.
    await eventually(async () => (await remotePeak('1003')) > 0.01, 15_000);
    await button('1002', 'Complete transfer').click();
    await phase('1002', 'ended');
    await page('1002').getByTestId('consult-call').waitFor({ state: 'detached' });
    await callerHears1003();
    // 1003's screen pop is now the customer's.
    await page('1003').getByLabel('Caller').filter({ hasText: '王芳' }).waitFor({ timeout: 10_000 });
    const row = await hangUpAndWrapUp('+8613800138000');
    expect(row.agent?.extension).toBe('1003');
    const types = row.events.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['hold', 'consult_started', 'consult_ended', 'transferred']),
    );
    expect(row.events.find((e) => e.type === 'transferred')?.data).toMatchObject({
      from: '1002',
      to: '1003',
      kind: 'attended',
    });
    console.log(`consult + attended transfer test: ${Date.now() - started} ms`);
  }, 90_000);

  it('consult 1003, Conference: all three hear each other; 1002 hangs up and the caller stays with 1003', async () => {
    const started = Date.now();
    await callAnsweredBy1002('13800138000');
    await page('1002').getByTestId('transfer-input').fill('1003');
    await button('1002', 'Consult').click();
    await phase('1003', 'ringing');
    await button('1003', 'Answer').click();
    await page('1002')
      .locator('[data-testid=consult-call][data-phase=connected]')
      .waitFor({ timeout: 15_000 });
    await page('1003')
      .locator('[data-testid=phone-call][data-media-connected=true]')
      .waitFor({ timeout: 15_000 });
    // Only the agent on the call may turn it into a conference.
    const callId = await page('1002').getByTestId('screen-pop').getAttribute('data-call-id');
    const asOther = await stack.app.inject({
      method: 'POST',
      url: `/api/calls/${callId}/conference`,
      headers: await stack.headers('1003'),
    });
    expect(asOther.statusCode, asOther.body).toBe(403);
    await button('1002', 'Conference').click();
    await page('1002').locator('[data-testid=consult-call][data-conference=true]').waitFor();
    // The customer call is resumed on 1002's phone too.
    await button('1002', 'Hold').waitFor();
    // With 1002 muted the carrier still hears 1003, and 1003 hears the caller's tone.
    await button('1002', 'Mute').click();
    await eventually(async () => (await carrierHears(1000)).peak > LOUD, 15_000);
    await eventually(async () => (await remotePeak('1003')) > 0.01, 15_000);
    await button('1003', 'Mute').click();
    await new Promise((r) => setTimeout(r, 500));
    expect((await carrierHears(1500)).peak).toBeLessThan(QUIET);
    // 1002 hears the caller (and 1003, unmuted again).
    await button('1003', 'Unmute').click();
    await button('1002', 'Unmute').click();
    await eventually(async () => (await remotePeak('1002')) > 0.01, 15_000);
    // 1002 leaves: the caller stays with 1003.
    await button('1002', 'Hang up').click();
    await phase('1002', 'ended');
    await page('1002').getByTestId('consult-call').waitFor({ state: 'detached' });
    await callerHears1003();
    await page('1003').getByLabel('Caller').filter({ hasText: '王芳' }).waitFor({ timeout: 10_000 });
    const row = await hangUpAndWrapUp('+8613800138000');
    expect(row.agent?.extension).toBe('1003');
    const types = row.events.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['consult_started', 'conference_started', 'conference_ended']),
    );
    expect(row.events.find((e) => e.type === 'transferred')?.data).toMatchObject({
      from: '1002',
      to: '1003',
      kind: 'conference',
    });
    console.log(`conference test: ${Date.now() - started} ms`);
  }, 90_000);
});
