import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCtiStack, eventually, type CtiStack } from '../support/cti-stack.js';
import { runSipp, type SippRun } from '../support/sipp.js';
import { launchConsoleBrowser, remoteAudioPeak, type ConsoleBrowser } from './browser.js';
import { ensureConsoleBuilt } from './console-build.js';

// KEFU_SCREENSHOTS_DIR=docs/screenshots keeps the pictures for the README; otherwise a temp dir.
const shots = path.resolve(process.env.KEFU_SCREENSHOTS_DIR ?? path.join(tmpdir(), 'kefu-console-shots'));
mkdirSync(shots, { recursive: true });

/**
 * The real console in a real browser against the real server: agent 1002 logs in, its sip.js
 * phone registers over /sip, goes Ready, and a SIPp carrier call pops the VIP caller at ring.
 */
describe('agent console in Chromium', () => {
  let stack: CtiStack;
  let browser: ConsoleBrowser;
  let page: Page;
  let carrier: SippRun | undefined;

  beforeAll(async () => {
    const dist = ensureConsoleBuilt();
    stack = await startCtiStack('sqlite', { UI_DIST: dist });
    browser = await launchConsoleBrowser('en-US');
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    carrier?.stop();
    await browser?.close();
    await stack?.close();
  });

  const agentView = async () => {
    const res = await stack.app.inject({
      method: 'GET',
      url: '/api/agents/1002',
      headers: await stack.headers('1002'),
    });
    return res.json() as { state: string; phoneRegistered: boolean; consoleConnected: boolean };
  };
  /** Controls without an accessible name (text, aria-label, aria-labelledby or a <label>). */
  const unnamedControls = () =>
    page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('button, input, select, textarea, [role=button]'))
        .filter((el) => {
          const labelled =
            el.getAttribute('aria-label') ||
            el.getAttribute('aria-labelledby') ||
            ((el as HTMLInputElement).labels?.length ?? 0) > 0;
          const text = el.tagName === 'BUTTON' ? el.textContent?.trim() : '';
          return !labelled && !text;
        })
        .map((el) => el.outerHTML.slice(0, 120)),
    );
  const shot = (name: string) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  const switchLanguage = () => page.getByTestId('language-switch').click();

  it('logs in as 1002, registers the phone, survives a reload, goes Ready and switches language', async () => {
    await page.goto(stack.httpUrl);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await shot('login-en');
    await switchLanguage();
    await page.getByRole('button', { name: '登录' }).waitFor();
    await shot('login-zh-CN');
    await switchLanguage();

    await page.getByLabel('Extension / username').fill('1002');
    await page.getByLabel('Password').fill('demo-1002');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('Phone registered').waitFor({ timeout: 10_000 });
    expect(stack.app.sip.locations.lookup('1002')).toHaveLength(1);

    // The token is in sessionStorage: a reload keeps the agent signed in and re-registers.
    await page.reload();
    await page.getByText('Phone registered').waitFor({ timeout: 10_000 });
    await eventually(async () => (await agentView()).phoneRegistered && (await agentView()).consoleConnected);

    await page.getByRole('button', { name: 'Ready', exact: true }).click();
    await eventually(async () => (await agentView()).state === 'ready');
    await page.locator('[data-testid=agent-state][data-state=ready]').waitFor();
    for (const name of ['Log out', 'Not ready', 'Dial'])
      await page.getByRole('button', { name, exact: true }).first().waitFor({ state: 'attached' });
    await shot('console-ready-en');
    expect(await unnamedControls()).toEqual([]);
    // "?" opens the shortcut help, Escape closes it.
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });

    await switchLanguage();
    await page.getByRole('button', { name: '就绪', exact: true }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.getByTestId('phone-registration').textContent()).toContain('话机已注册');
    await shot('console-ready-zh-CN');
    await switchLanguage();
    await page.getByRole('button', { name: 'Not ready', exact: true }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('kefu.locale'))).toBe('en');
  }, 60_000);

  it('shows the VIP caller 王芳 and her open complaint while the call rings', async ({ annotate }) => {
    const started = Date.now();
    carrier = await runSipp({
      scenarioFile: path.join(import.meta.dirname, 'sipp', 'carrier-call-audio.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008003000',
      vars: { ani: '13800138000' },
      timeoutSeconds: 60,
    });
    await page.locator('[data-testid=phone-call][data-phase=ringing]').waitFor({ timeout: 10_000 });
    await page.getByLabel('Caller').filter({ hasText: '王芳' }).waitFor({ timeout: 5_000 });
    // Upper bound of INVITE → name painted (includes SIPp start-up and the server's routing).
    await annotate(`SIPp start → caller name painted: ${Date.now() - started} ms`);
    // The console marks the INVITE's arrival, the call.offered push (the server sends it with the
    // INVITE) and the commit of the name: measured from whichever reached the browser first.
    const ringToName = await page.evaluate(() => {
      const last = (name: string) => performance.getEntriesByName(name).at(-1)?.startTime;
      const invite = last('kefu.invite');
      const offered = last('kefu.call-offered');
      const painted = last('kefu.caller-painted');
      const lookup = last('kefu.lookup-done');
      const first = Math.min(invite ?? Infinity, offered ?? Infinity);
      return painted !== undefined && Number.isFinite(first)
        ? {
            ms: painted - first,
            inviteMs: invite === undefined ? null : painted - invite,
            lookupMs: lookup === undefined ? null : lookup - first,
          }
        : null;
    });
    await annotate(
      `first sign of the call → caller name committed: ${ringToName?.ms.toFixed(0)} ms ` +
        `(from the INVITE: ${ringToName?.inviteMs?.toFixed(0)} ms, ` +
        `phone lookup answered after ${ringToName?.lookupMs?.toFixed(0)} ms)`,
    );
    expect(ringToName).not.toBeNull();
    expect(ringToName!.ms).toBeLessThan(300);
    await page.getByTestId('open-complaint-flag').waitFor();
    await page.getByTestId('open-complaint').first().waitFor();
    expect(await page.getByTestId('vip-tier').textContent()).toBe('VIP 3');
    expect(await page.getByTestId('caller-number').textContent()).toContain('+8613800138000');
    await page.getByRole('button', { name: 'Answer', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Reject', exact: true }).waitFor();
    expect((await agentView()).state).toBe('ringing');
    await shot('ringing-en');
    expect(await unnamedControls()).toEqual([]);
    await switchLanguage();
    await page.getByLabel('来电客户').filter({ hasText: '王芳' }).waitFor();
    await page.getByRole('button', { name: '接听' }).waitFor();
    await shot('ringing-zh-CN');
    await switchLanguage();
  }, 60_000);

  it('answers with two-way audio, then wrap-up and Ready (the server anchors media: the browser gets a WebRTC offer)', async () => {
    await expectWebRtcOffer();
    await page.getByRole('button', { name: 'Answer', exact: true }).click();
    await page.locator('[data-testid=phone-call][data-phase=connected]').waitFor({ timeout: 10_000 });
    await page.locator('[data-testid=phone-call][data-media-connected=true]').waitFor({ timeout: 10_000 });
    await eventually(async () => (await agentView()).state === 'on_call');
    await page.getByRole('button', { name: 'Hang up', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Mute', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Hold', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Transfer', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Keypad', exact: true }).waitFor();
    await shot('on-call-en');

    await page.getByRole('button', { name: 'Mute', exact: true }).click();
    await page.getByRole('button', { name: 'Unmute', exact: true }).click();
    await page.getByRole('button', { name: 'Keypad', exact: true }).click();
    await page.getByRole('group', { name: 'Keypad' }).getByRole('button', { name: '1' }).click();

    // The carrier plays G.711 speech: the remote <audio> stream must carry sound, not silence.
    const peak = await remoteAudioPeak(page);
    expect(peak).toBeGreaterThan(0.01);

    const result = await carrier!.done;
    expect(result.code, result.output).toBe(0);
    await page.getByTestId('wrap-up-form').waitFor({ timeout: 10_000 });
    await shot('wrap-up-en');
    await page.getByTestId('wrap-up-notes').fill('e2e: asked about her complaint');
    await page.getByRole('button', { name: 'Save and go Ready' }).click();
    await eventually(async () => (await agentView()).state === 'ready');
    await page.getByTestId('no-call').waitFor();
  }, 60_000);

  /** A carrier call from `ani`; resolves once it rings in the browser. */
  async function ring(ani: string) {
    carrier = await runSipp({
      scenarioFile: path.join(import.meta.dirname, 'sipp', 'carrier-call-audio.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008003000',
      vars: { ani },
      timeoutSeconds: 60,
    });
    await page.locator('[data-testid=phone-call][data-phase=ringing]').waitFor({ timeout: 10_000 });
  }

  /**
   * The ringing call's INVITE offers the browser the media plane's own WebRTC leg (ICE and
   * DTLS-SRTP: `a=fingerprint`), never the carrier's plain RTP, so Chromium can answer it.
   */
  async function expectWebRtcOffer() {
    expect(await page.getByTestId('phone-call').getAttribute('data-webrtc-offer')).toBe('true');
    expect(await page.getByTestId('media-unsupported').count()).toBe(0);
  }

  /** Answer, let the carrier hang up, save the wrap-up: the agent is Ready again. */
  async function answerAndWrapUp(duringCall?: () => Promise<void>) {
    await expectWebRtcOffer();
    await page.getByRole('button', { name: 'Answer', exact: true }).click();
    await page.locator('[data-testid=phone-call][data-phase=connected]').waitFor({ timeout: 10_000 });
    await duringCall?.();
    const result = await carrier!.done;
    expect(result.code, result.output).toBe(0);
    await page.getByTestId('wrap-up-form').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Save and go Ready' }).click();
    await eventually(async () => (await agentView()).state === 'ready');
    await page.getByTestId('no-call').waitFor();
  }

  it('lets the agent pick the customer when several share the number (switchboard)', async () => {
    await ring('02188880000');
    const picker = page.getByTestId('customer-picker');
    await picker.waitFor();
    const choices = picker.getByRole('button');
    expect(await choices.count()).toBeGreaterThan(1);
    const other = choices.and(page.locator('[aria-pressed=false]')).first();
    const otherName = (await other.textContent())!.split(' · ')[0]!.trim();
    await other.click();
    await page.getByLabel('Caller').filter({ hasText: otherName }).waitFor();
    await shot('switchboard-picker-en');
    expect(otherName).toBe('东方贸易有限公司');
    // A distributor: the reorder panel is there. The carrier talks for 7 s: work the panels meanwhile.
    await answerAndWrapUp(async () => {
      const reorder = page.getByTestId('reorder-panel');
      await reorder.getByLabel('Current stock (units)').fill('3');
      await reorder.getByRole('button', { name: 'Suggest' }).click();
      await reorder.getByTestId('reorder-result').waitFor();
      const offer = page.getByTestId('offer').first();
      await offer.getByRole('button', { name: 'Offered' }).click();
      await offer.locator('button[aria-pressed=true]').waitFor();
      await page.getByTestId('script-panel').getByRole('button').first().click();
      await page.getByTestId('ticket-subject').fill('e2e: restock question');
      await page.getByTestId('create-ticket').click();
      await page.getByText(/Ticket .+ created/).waitFor();
    });
    const db = stack.tdb.db;
    const call = await db.interaction.findFirst({
      where: { ani: '+862188880000' },
      include: { tickets: true, offers: true },
    });
    expect(call?.scriptAnswers).not.toBeNull();
    expect(call?.offers.map((o) => o.outcome)).toEqual(['offered']);
    expect(call?.tickets.map((t) => t.subject)).toEqual(['e2e: restock question']);
  }, 60_000);

  it('offers quick-create, prefilled with the number, for an unknown caller', async () => {
    await ring('17000000123');
    await page.getByLabel('Caller').filter({ hasText: 'Unknown caller' }).waitFor();
    const form = page.getByTestId('quick-create');
    expect(await form.getByTestId('quick-create-phone').inputValue()).toBe('+8617000000123');
    await form.getByLabel('Name').fill('测试新客户');
    await form.getByRole('button', { name: 'Create' }).click();
    await page.getByLabel('Caller').filter({ hasText: '测试新客户' }).waitFor();
    await shot('quick-create-en');
    await answerAndWrapUp();
    const call = await stack.tdb.db.interaction.findFirst({
      where: { ani: '+8617000000123' },
      include: { customer: true },
    });
    expect(call?.customer?.name).toBe('测试新客户');
  }, 60_000);

  it('holds and resumes by re-INVITE from the browser (the server answers the re-offer)', async () => {
    await ring('13800138000');
    await expectWebRtcOffer();
    await page.getByRole('button', { name: 'Answer', exact: true }).click();
    await page.locator('[data-testid=phone-call][data-media-connected=true]').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Hold', exact: true }).click();
    await page.getByRole('button', { name: 'Resume', exact: true }).click({ timeout: 5_000 });
    await page.getByRole('button', { name: 'Hold', exact: true }).waitFor({ timeout: 5_000 });
    // Still the same call, not dropped by a failed re-INVITE.
    await page.locator('[data-testid=phone-call][data-phase=connected]').waitFor();
    const result = await carrier!.done;
    expect(result.code, result.output).toBe(0);
    await page.getByTestId('wrap-up-form').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Save and go Ready' }).click();
    await eventually(async () => (await agentView()).state === 'ready');
  }, 60_000);

  // Last: the socket stays down for the rest of the page's life.
  it('shows "Disconnected — reconnecting" while the socket to the server cannot connect', async () => {
    await page.routeWebSocket(/\/socket\.io\//, (ws) => ws.close());
    // A reload with the socket.io path refused: the console comes up signed in but cannot reach
    // the server's events, and must say so rather than look idle.
    await page.reload();
    // The state still comes over HTTP: the bar is not stuck on "Loading…".
    await page.locator('[data-testid=agent-state][data-state=ready]').waitFor();
    const banner = page.getByRole('alert').filter({ hasText: 'Disconnected — reconnecting' });
    await banner.waitFor({ timeout: 5_000 }).catch(async (err: unknown) => {
      await shot('disconnected-failure');
      throw err;
    });
    await shot('disconnected-en');
  });
});
