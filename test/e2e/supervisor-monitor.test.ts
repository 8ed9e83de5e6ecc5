import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCtiStack, eventually, type CtiStack } from '../support/cti-stack.js';
import { runSipp, type SippRun } from '../support/sipp.js';
import {
  launchConsoleBrowser,
  logInAgent,
  remoteAudioPeak,
  submitLogin,
  type ConsoleBrowser,
} from './browser.js';
import { startCarrierMedia, type CarrierMedia } from './carrier-media.js';
import { ensureConsoleBuilt } from './console-build.js';

/** A caller's tone or a fake-mic beep at the carrier, well above A-law silence (±8). */
const LOUD = 1000;
const QUIET = 64;
/** A page's remote audio (0…1): a tone or beep is far above this; silence far below. */
const HEARD = 0.01;
const SILENT = 0.005;

/**
 * The issue's intervention scenario against the real server: sup1 in one Chromium (their own
 * sip.js phone, 1090, in the workspace header), agent 1002 in another, a SIPp carrier whose RTP
 * is this test's socket (it can speak or fall silent, and measures what it hears). The waiting
 * call shows on sup1's wallboard, the grid shows 1002 on it once answered; sup1 listens
 * (hears the caller and the agent), whispers (the agent hears sup1, the caller does not), barges
 * (both hear), stops; the session is in the audit log with its modes.
 */
describe('a supervisor listens, whispers and barges from the browser', () => {
  let stack: CtiStack;
  const browsers: ConsoleBrowser[] = [];
  let sup: Page;
  let agent: Page;
  let carrier: SippRun | undefined;
  let media: CarrierMedia | undefined;

  beforeAll(async () => {
    const dist = ensureConsoleBuilt();
    stack = await startCtiStack('sqlite', { UI_DIST: dist });
    const [a, b] = await Promise.all([launchConsoleBrowser('en-US'), launchConsoleBrowser('en-US')]);
    browsers.push(a, b);
    [sup, agent] = await Promise.all([a.context.newPage(), b.context.newPage()]);
    await Promise.all([
      (async () => {
        await sup.goto(stack.httpUrl);
        await submitLogin(sup, 'sup1', 'demo-sup1');
        await sup.waitForURL(/\/supervisor\//, { timeout: 15_000 });
        await sup.getByText('Phone 1090 ready for monitoring').waitFor({ timeout: 20_000 });
      })(),
      logInAgent(agent, stack.httpUrl, '1002'),
    ]);
  }, 60_000);
  afterAll(async () => {
    carrier?.stop();
    media?.close();
    await Promise.all(browsers.map((b) => b.close()));
    await stack?.close();
  });

  const carrierHears = async (ms = 1500) => {
    const from = Date.now();
    await new Promise((r) => setTimeout(r, ms));
    return media!.window(from);
  };
  const agentButton = (name: string) => agent.getByRole('button', { name, exact: true });

  it('Listen, Whisper, Barge and Stop monitoring on 1002’s call, audited', async () => {
    const headers = await stack.headers('1002');
    const setState = async (payload: object) => {
      const res = await stack.app.inject({ method: 'PUT', url: '/api/agents/1002/state', headers, payload });
      expect(res.statusCode, res.body).toBe(200);
    };
    // 1002 not ready: the call waits in sales, and sup1's wallboard (where they landed) shows it.
    await setState({ state: 'not_ready', reason: 'break' });
    media = await startCarrierMedia();
    carrier = await runSipp({
      scenarioFile: path.join(import.meta.dirname, 'sipp', 'carrier-call-held.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008003000',
      vars: { ani: '13900000777', mport: String(media.port) },
      timeoutSeconds: 50,
    });
    const salesWaiting = sup.locator('[data-testid=queue-card][data-queue=sales] [data-testid=waiting]');
    await expect.poll(() => salesWaiting.textContent(), { timeout: 15_000 }).toBe('1');
    await setState({ state: 'ready' });
    await agent.locator('[data-testid=phone-call][data-phase=ringing]').waitFor({ timeout: 15_000 });
    await agentButton('Answer').click();
    await agent.locator('[data-testid=phone-call][data-media-connected=true]').waitFor({ timeout: 15_000 });
    await eventually(async () => (await carrierHears(1000)).peak > LOUD, 15_000);
    await expect.poll(() => salesWaiting.textContent(), { timeout: 10_000 }).toBe('0');
    // The grid shows 1002 on that call.
    await sup.getByRole('navigation', { name: 'Supervision' }).getByRole('link', { name: 'Agents' }).click();
    await expect
      .poll(() => sup.locator('tr[data-extension="1002"] [data-testid=agent-call]').textContent(), {
        timeout: 10_000,
      })
      .toContain('13900000777');
    const supHeaders = await stack.headers('sup1');
    const live = await eventually(async () => {
      const res = await stack.app.inject({ url: '/api/calls', headers: supHeaders });
      const { active } = res.json() as {
        active: Array<{ callId: string; phase: string; extension: string | null }>;
      };
      return active.find((c) => c.phase === 'connected' && c.extension === '1002');
    });

    await sup
      .getByRole('navigation', { name: 'Supervision' })
      .getByRole('link', { name: 'Live calls' })
      .click();
    const controls = sup.getByRole('group', { name: `Monitor call ${live.callId}` });
    /** Clicks a monitor button, first closing the pushed alerts' notifications that may cover it. */
    const supButton = (name: string) => ({
      click: async () => {
        const close = sup.locator('.ant-notification-notice-close');
        // A notification may be fading out (or grouped away) as it is clicked: bounded, best effort.
        for (let i = 0; i < 10 && (await close.count()) > 0; i++)
          await close
            .first()
            .click({ timeout: 1000 })
            .catch(() => {});
        await controls.getByRole('button', { name, exact: true }).click();
      },
    });
    const mode = controls.getByTestId('monitor-mode');

    // Listen: sup1 hears the caller (1002 muted), then 1002 (the caller silent).
    await supButton('Listen').click();
    await sup.getByText('Phone 1090 on a monitored call').waitFor({ timeout: 15_000 });
    await expect.poll(() => mode.textContent()).toBe('Listening');
    await agentButton('Mute').click();
    await eventually(async () => (await remoteAudioPeak(sup)) > HEARD, 15_000);
    media.speak(false);
    await agentButton('Unmute').click();
    await eventually(async () => (await remoteAudioPeak(sup)) > HEARD, 15_000);
    // Listening is silent: the agent is not told, and hears nothing of sup1 (the caller is quiet).
    await agentButton('Mute').click();
    expect(await agent.getByTestId('monitor-notice').count()).toBe(0);
    expect(await remoteAudioPeak(agent)).toBeLessThan(SILENT);

    // Whisper: 1002 hears sup1 and is told; the caller hears nothing (1002 muted).
    await supButton('Whisper').click();
    await expect.poll(() => mode.textContent()).toBe('Whispering to the agent');
    await agent
      .getByText('Supervisor 主管 Supervisor One is whispering to you (the caller cannot hear them)')
      .waitFor({ timeout: 10_000 });
    // Generous: on two busy cores the first mixed frames take a while to reach the page.
    await eventually(async () => (await remoteAudioPeak(agent)) > HEARD, 30_000);
    const whispered = await carrierHears(2000);
    expect(whispered.packets).toBeGreaterThan(50);
    expect(whispered.peak).toBeLessThan(QUIET);

    // Barge: the caller hears sup1 too, and 1002 is told sup1 joined.
    await supButton('Barge').click();
    await expect.poll(() => mode.textContent()).toBe('Barged in');
    await agent
      .getByText('Supervisor 主管 Supervisor One has joined the call (the caller hears them)')
      .waitFor({ timeout: 10_000 });
    await eventually(async () => (await carrierHears(1000)).peak > LOUD, 15_000);
    expect(await remoteAudioPeak(agent)).toBeGreaterThan(HEARD);

    // Stop: sup1's phone hangs up, the banner goes, the call goes on.
    await supButton('Stop monitoring').click();
    await sup.getByText('Phone 1090 ready for monitoring').waitFor({ timeout: 10_000 });
    await agent.getByTestId('monitor-notice').waitFor({ state: 'detached', timeout: 10_000 });
    const quiet = await carrierHears(1500);
    expect(quiet.packets).toBeGreaterThan(40);
    expect(quiet.peak).toBeLessThan(QUIET);

    // The session in the audit log: who, whom, how long, the modes in order.
    const entry = await eventually(async () => {
      const res = await stack.app.inject({
        url: '/api/admin/audit?entity=call',
        headers: await stack.headers('admin'),
      });
      const { entries } = res.json() as {
        entries: Array<{
          action: string;
          entityId: string;
          actor: { username: string } | null;
          after: unknown;
          summary: string;
        }>;
      };
      return entries.find((e) => e.action === 'call.monitor' && e.entityId === live.callId);
    });
    expect(entry.actor?.username).toBe('sup1');
    expect(entry.after).toMatchObject({
      agent: '1002',
      phone: '1090',
      modes: ['listen', 'whisper', 'barge'],
    });
    expect((entry.after as { durationSeconds: number }).durationSeconds).toBeGreaterThan(3);
    expect(entry.summary).toMatch(
      /^主管 Supervisor One monitored 1002's call for \d+:\d\d \(listen → whisper → barge\)$/,
    );

    await agentButton('Hang up').click();
    const result = await carrier.done;
    expect(result.code, result.output).toBe(0);

    // In wrap-up sup1 forces 1002 not ready: 1002's console says who and why.
    const forced = await stack.app.inject({
      method: 'POST',
      url: '/api/supervisor/agents/1002/force',
      headers: supHeaders,
      payload: { state: 'not_ready', reason: 'coaching after that call' },
    });
    expect(forced.statusCode, forced.body).toBe(200);
    await agent
      .getByRole('alert')
      .getByText('Supervisor 主管 Supervisor One set you not ready: coaching after that call')
      .waitFor({ timeout: 10_000 });
  }, 90_000);
});
