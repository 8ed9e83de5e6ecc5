import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCtiStack, eventually, type CtiStack } from '../support/cti-stack.js';
import { runSipp, type SippRun } from '../support/sipp.js';
import { launchConsoleBrowser, remoteAudioPeak, type ConsoleBrowser, logInAgent } from './browser.js';
import { startCarrierMedia, type CarrierMedia } from './carrier-media.js';
import { ensureConsoleBuilt } from './console-build.js';

/** The agent's fake-mic beep, well above A-law silence (±8). */
const LOUD = 1000;

/**
 * Reloading the console mid-call must not cost the caller: the tab's WebSocket closes, the
 * server holds the caller with music, the reloaded page registers again and the server calls
 * it back into the same call (X-Kefu-Resume), which the console answers by itself. The carrier
 * is SIPp whose RTP is this test's socket; it stays on the line until kefu sends BYE.
 */
describe('console reload during a call', () => {
  let stack: CtiStack;
  let browser: ConsoleBrowser;
  let page: Page;
  let carrier: SippRun | undefined;
  let media: CarrierMedia | undefined;

  beforeAll(async () => {
    stack = await startCtiStack('sqlite', { UI_DIST: ensureConsoleBuilt() });
    browser = await launchConsoleBrowser('en-US');
    page = await browser.context.newPage();
  }, 60_000);
  afterAll(async () => {
    carrier?.stop();
    media?.close();
    await browser?.close();
    await stack?.close();
  });

  const agentState = async () => {
    const res = await stack.app.inject({
      method: 'GET',
      url: '/api/agents/1002',
      headers: await stack.headers('1002'),
    });
    return (res.json() as { state: string }).state;
  };
  /** The carrier receives packets for `ms` and reports them. */
  const carrierHears = async (ms = 1000) => {
    const from = Date.now();
    await new Promise((r) => setTimeout(r, ms));
    return media!.window(from);
  };
  const remotePeak = () => remoteAudioPeak(page);
  const connectedWithMedia = () =>
    page.locator('[data-testid=phone-call][data-phase=connected][data-media-connected=true]').waitFor({
      timeout: 20_000,
    });

  it('keeps the caller on the line and puts the agent back on the same call, screen pop included', async () => {
    await logInAgent(page, stack.httpUrl, '1002');
    // The tab keeps the API token, never the password (its phone has SIP credentials of its own).
    expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }))).not.toContain(
      'demo-1002',
    );
    await page.getByRole('button', { name: 'Ready', exact: true }).click();
    await eventually(async () => (await agentState()) === 'ready');

    media = await startCarrierMedia();
    carrier = await runSipp({
      scenarioFile: path.join(import.meta.dirname, 'sipp', 'carrier-call-held.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008003000',
      vars: { ani: '13800138000', mport: String(media.port) },
      timeoutSeconds: 60,
    });
    let carrierDone = false;
    void carrier.done.then(() => (carrierDone = true));
    await page.locator('[data-testid=phone-call][data-phase=ringing]').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Answer', exact: true }).click();
    await connectedWithMedia();
    await page.getByLabel('Caller').filter({ hasText: '王芳' }).waitFor();
    await eventually(async () => (await carrierHears()).peak > LOUD, 15_000);
    const callId = [...stack.app.sip.calls.activeCalls][0]!.id;

    await page.reload();

    // Back on the call without touching anything: same call, the caller's card, audio both ways.
    await connectedWithMedia();
    await page.getByLabel('Caller').filter({ hasText: '王芳' }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Hang up', exact: true }).waitFor();
    expect(carrierDone).toBe(false);
    const live = [...stack.app.sip.calls.activeCalls];
    expect(live.map((c) => [c.id, c.state])).toEqual([[callId, 'connected']]);
    expect(await agentState()).toBe('on_call');
    await eventually(async () => (await carrierHears()).peak > LOUD, 15_000);
    await eventually(async () => (await remotePeak()) > 0.01, 15_000);

    await page.getByRole('button', { name: 'Hang up', exact: true }).click();
    const result = await carrier.done;
    expect(result.code, result.output).toBe(0);
    await page.getByTestId('wrap-up-form').waitFor({ timeout: 15_000 });
    const row = await eventually(() =>
      stack.tdb.db.interaction.findFirst({
        where: { callId, endedAt: { not: null } },
        include: { events: { orderBy: { at: 'asc' } }, agent: true },
      }),
    );
    const types = row.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['answered', 'agent_lost', 'agent_reconnected']));
    expect(row.endedBy).toBe('agent');
    expect(row.agent?.extension).toBe('1002');
    const back = row.events.find((e) => e.type === 'agent_reconnected');
    expect((back?.data as { afterMs: number }).afterMs).toBeLessThan(20_000);
  }, 90_000);
});
