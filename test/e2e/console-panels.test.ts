import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCtiStack, eventually, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario, type SippRun } from '../support/sipp.js';
import { launchConsoleBrowser, type ConsoleBrowser, logInAgent } from './browser.js';
import { ensureConsoleBuilt } from './console-build.js';

// KEFU_SCREENSHOTS_DIR=docs/screenshots keeps the pictures for the README; otherwise a temp dir.
const shots = path.resolve(process.env.KEFU_SCREENSHOTS_DIR ?? path.join(tmpdir(), 'kefu-console-shots'));
mkdirSync(shots, { recursive: true });

const ALL_DAY = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
);

/**
 * The console's newer panels in Chromium against the real server: the ringer on an output of
 * its own and the microphone meter (device settings), the caller's IVR path in the screen pop
 * (SIPp carrier on the sales hotline pressing 1), the microphone meter on the call, tickets
 * worked from the call (complaint with its SLA due time, escalate, note, status, history), and
 * click-to-dial of a number in the customer's 360 out through the outbound trunk (SIPp carrier).
 */
describe('agent console panels in Chromium', () => {
  let stack: CtiStack;
  let browser: ConsoleBrowser;
  let page: Page;
  let carrier: SippRun | undefined;
  let outbound: SippRun | undefined;

  beforeAll(async () => {
    const dist = ensureConsoleBuilt();
    // The carrier's side of the outbound trunk listens first, so the trunk can point at it.
    outbound = await runSipp({
      scenarioFile: scenario('carrier-uas.xml'),
      target: '127.0.0.1:5060',
      timeoutSeconds: 180,
    });
    stack = await startCtiStack('sqlite', { UI_DIST: dist }, async (db) => {
      // The sales hotline is open around the clock: the IVR reaches its menu whatever the hour.
      await db.line.update({ where: { dnis: '4008001000' }, data: { businessHours: ALL_DAY, holidays: [] } });
      await db.trunk.update({
        where: { name: 'demo' },
        data: { direction: 'both', host: '127.0.0.1', port: outbound!.port, callerId: '4008001000' },
      });
    });
    browser = await launchConsoleBrowser('en-US');
    // Which output each AudioContext was switched to, once the browser accepted it.
    await browser.context.addInitScript(() => {
      const w = window as unknown as { __kefuSinks: string[] };
      w.__kefuSinks = [];
      const proto = AudioContext.prototype as AudioContext & { setSinkId?(id: string): Promise<void> };
      const real = proto.setSinkId;
      if (!real) return;
      proto.setSinkId = async function (this: AudioContext & { sinkId?: unknown }, id: string) {
        await real.call(this, id);
        w.__kefuSinks.push(String(this.sinkId));
      };
    });
    page = await browser.context.newPage();
  }, 60_000);
  afterAll(async () => {
    carrier?.stop();
    outbound?.stop();
    await browser?.close();
    await stack?.close();
  });

  const agentView = async () => {
    const res = await stack.app.inject({
      method: 'GET',
      url: '/api/agents/1002',
      headers: await stack.headers('1002'),
    });
    return res.json() as { state: string };
  };
  const shot = (name: string) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  const switchLanguage = () => page.getByTestId('language-switch').click();
  /** The meter's highest reading over `ms` (the fake microphone beeps once a second). */
  const meterPeak = (scope: string, ms = 2500) =>
    page.evaluate(
      async ({ scope, ms }) => {
        let max = 0;
        for (let t = 0; t < ms; t += 100) {
          const el = document.querySelector(`${scope} [role=meter]`);
          max = Math.max(max, Number(el?.getAttribute('aria-valuenow') ?? 0));
          await new Promise((r) => setTimeout(r, 100));
        }
        return max;
      },
      { scope, ms },
    );

  it('picks a ringer output apart from the speaker, remembered, and shows the microphone level', async () => {
    await logInAgent(page, stack.httpUrl, '1002');

    await page.getByText('Audio devices').click();
    const settings = page.getByTestId('device-settings');
    const meter = settings.getByRole('meter', { name: 'Microphone level' });
    await meter.waitFor();
    expect(await meterPeak('[data-testid=device-settings]')).toBeGreaterThan(0);

    // Chromium's fake devices include two outputs: the ringer goes to the second.
    const ringer = settings.getByLabel('Ringer');
    const outputs = await ringer
      .locator('option')
      .evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent })));
    const second = outputs.find((o) => o.label === 'Fake Audio Output 2');
    expect(second, JSON.stringify(outputs)).toBeDefined();
    await ringer.selectOption(second!.value);
    await settings.getByRole('button', { name: 'Test ringer' }).click();
    await eventually(async () =>
      (await page.evaluate(() => (window as unknown as { __kefuSinks: string[] }).__kefuSinks)).includes(
        second!.value,
      ),
    );
    await shot('device-settings-en');
    await switchLanguage();
    await page.getByRole('meter', { name: '麦克风音量' }).waitFor();
    await page.getByLabel('铃声设备').waitFor();
    await shot('device-settings-zh-CN');
    await switchLanguage();

    // Remembered: after a reload the choice is still there, and the speaker was left alone.
    await page.reload();
    await page.getByText('Phone registered').waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => localStorage.getItem('kefu.ringer'))).toBe(second!.value);
    await page.getByText('Audio devices').click();
    // The select shows the stored choice once the devices are listed again (asynchronous).
    await expect
      .poll(() => page.getByTestId('device-settings').getByLabel('Ringer').inputValue())
      .toBe(second!.value);
    expect(await page.getByTestId('device-settings').getByLabel('Speaker').inputValue()).toBe('');
    await page.getByText('Audio devices').click();
    await page.getByTestId('device-settings').getByRole('meter').waitFor({ state: 'detached' });
  }, 60_000);

  it('shows the IVR path (caller pressed 1) while the call rings, rings on the ringer output, meters the mic on the call', async () => {
    await page.evaluate(() => ((window as unknown as { __kefuSinks: string[] }).__kefuSinks = []));
    await page.getByRole('button', { name: 'Ready', exact: true }).click();
    await eventually(async () => (await agentView()).state === 'ready');
    carrier = await runSipp({
      scenarioFile: path.join(import.meta.dirname, 'sipp', 'carrier-ivr-press-1-audio.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008001000',
      vars: { ani: '13800138000' },
      timeoutSeconds: 60,
    });
    await page.locator('[data-testid=phone-call][data-phase=ringing]').waitFor({ timeout: 15_000 });
    const ivr = page.getByRole('region', { name: 'IVR path' });
    await ivr.waitFor({ timeout: 5_000 });
    const menu = ivr.locator('[data-testid=ivr-step][data-step=main_menu]');
    await menu.waitFor();
    expect(await menu.textContent()).toContain('pressed 1');
    expect(await menu.textContent()).toContain('chose 1');
    // Pressed once (during the welcome prompt, typed ahead into the menu): shown once.
    expect(await ivr.getByTestId('ivr-keys').textContent()).toMatch(/Keys pressed: 1\b/);
    expect(await ivr.getByTestId('ivr-keys').textContent()).toContain('queued to sales');
    await page.getByLabel('Caller').filter({ hasText: '王芳' }).waitFor({ timeout: 5_000 });
    // The ring played on the ringer output chosen before the reload.
    const ringer = await page.evaluate(() => localStorage.getItem('kefu.ringer'));
    await eventually(async () =>
      (await page.evaluate(() => (window as unknown as { __kefuSinks: string[] }).__kefuSinks)).includes(
        ringer!,
      ),
    );
    // The call's audio stays on the speaker (default).
    expect(
      await page.evaluate(
        () =>
          (document.querySelector('[data-testid=remote-audio]') as HTMLAudioElement & { sinkId: string })
            .sinkId,
      ),
    ).toBe('');
    await shot('ivr-path-ringing-en');
    await switchLanguage();
    await page.getByRole('region', { name: 'IVR 路径' }).getByText('选择 1').waitFor();
    await shot('ivr-path-ringing-zh-CN');
    await switchLanguage();

    const callId = (await page.getByTestId('screen-pop').getAttribute('data-call-id'))!;
    const stored = await stack.tdb.db.interaction.findUniqueOrThrow({ where: { callId } });
    const menuStep = (stored.ivrPath as { step: string; keys: string }[]).find((s) => s.step === 'main_menu');
    expect(menuStep?.keys).toBe('1');

    if ((await page.getByTestId('phone-call').getAttribute('data-webrtc-offer')) !== 'true')
      throw new Error('the server offered no WebRTC media to the browser');
    await page.getByRole('button', { name: 'Answer', exact: true }).click();
    await page.locator('[data-testid=phone-call][data-media-connected=true]').waitFor({ timeout: 10_000 });
    // Still shown once connected.
    await ivr.waitFor();
    const onCall = page.getByTestId('phone-call').getByRole('meter', { name: 'Microphone level' });
    await onCall.waitFor();
    expect(await meterPeak('[data-testid=phone-call]')).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Mute', exact: true }).click();
    expect(await onCall.getAttribute('aria-valuetext')).toMatch(/muted/);
    await page.getByRole('button', { name: 'Unmute', exact: true }).click();
    // On a call the customer's numbers are shown but cannot be dialled.
    expect(await page.getByRole('button', { name: 'Call +861088880000' }).isDisabled()).toBe(true);
    await shot('on-call-meter-en');
  }, 60_000);

  it('works a complaint ticket from the call: SLA due time, escalate, note, status, history', async () => {
    const panel = page.getByTestId('ticket-panel');
    await panel.getByTestId('ticket-type').selectOption('complaint');
    await panel.getByTestId('ticket-subject').fill('e2e: parcel arrived damaged');
    await panel.getByTestId('create-ticket').click();
    await panel.getByText(/Ticket .+ created/).waitFor();
    const ticket = await eventually(() =>
      stack.tdb.db.serviceTicket.findFirst({
        where: { subject: 'e2e: parcel arrived damaged' },
        include: { interaction: true },
      }),
    );
    // Linked to this call and its customer; complaints are due within 24 h.
    expect(ticket.interaction?.ani).toBe('+8613800138000');
    expect(ticket.slaDueAt!.getTime() - ticket.createdAt.getTime()).toBe(24 * 3_600_000);
    expect(ticket.priority).toBe('high');
    const row = panel.locator(`[data-testid=ticket-row][data-ticket="${ticket.number}"]`);
    expect(await row.getByTestId('ticket-sla').textContent()).toMatch(/SLA due/);

    expect(await row.getByTestId('ticket-assignee').textContent()).toContain('unassigned');
    await row.getByRole('button', { name: `Assign ${ticket.number} to me` }).click();
    await row.getByTestId('ticket-assignee').filter({ hasText: 'assigned to' }).waitFor();
    await row.getByRole('button', { name: `Assign ${ticket.number} to me` }).waitFor({ state: 'detached' });
    await row.getByRole('button', { name: `Escalate ${ticket.number}` }).click();
    await row.getByTestId('ticket-escalation').filter({ hasText: 'Escalated, level 1' }).waitFor();
    await row.getByLabel(`Note for ${ticket.number}`).fill('customer sent photos');
    await row.getByRole('button', { name: 'Add note' }).click();
    await row.getByLabel(`Status of ${ticket.number}`).selectOption('in_progress');
    await row.getByRole('button', { name: `History of ${ticket.number}` }).click();
    const history = row.getByRole('region', { name: `History of ${ticket.number}` });
    await history.getByText('Status Open → In progress').waitFor();
    await history.getByText('Escalated to level 1').waitFor();
    await history.getByText('Note: customer sent photos').waitFor();
    await history.getByText('Created').waitFor();
    await shot('ticket-history-en');

    const after = await stack.tdb.db.serviceTicket.findUniqueOrThrow({
      where: { id: ticket.id },
      include: { updates: true },
    });
    expect(after.escalationLevel).toBe(1);
    expect(after.status).toBe('in_progress');
    expect(after.updates.map((u) => u.kind).sort()).toEqual([
      'assignee',
      'comment',
      'created',
      'escalation',
      'status',
    ]);
    const agent = await stack.tdb.db.user.findUniqueOrThrow({ where: { username: '1002' } });
    expect(after.assigneeId).toBe(agent.id);
  }, 60_000);

  it("click-to-dials the customer's office number from the 360 after the call, out through the trunk", async () => {
    const dialOffice = page.getByRole('button', { name: 'Call +861088880000' });
    const result = await carrier!.done;
    expect(result.code, result.output).toBe(0);
    await page.getByTestId('wrap-up-form').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Call +8613800138000' }).waitFor();
    await shot('click-to-dial-en');

    await dialOffice.click();
    expect(await page.getByTestId('phone-remote').textContent()).toBe('+861088880000');
    await page.locator('[data-testid=phone-call][data-phase=connected]').waitFor({ timeout: 10_000 });
    const call = await eventually(() =>
      stack.tdb.db.interaction.findFirst({ where: { direction: 'outbound' }, include: { agent: true } }),
    );
    expect(call).toMatchObject({ dnis: '+861088880000', ani: '1002' });
    expect(call.agent?.extension).toBe('1002');
    await page.getByRole('button', { name: 'Hang up', exact: true }).click();
    const out = await outbound!.done;
    expect(out.code, out.output).toBe(0);

    await page.getByRole('button', { name: 'Save and go Ready' }).click();
    await eventually(async () => (await agentView()).state === 'ready');
  }, 60_000);

  it('lists callers waiting for a call back, oldest first, closes one as done, and follows a colleague cancelling the other', async () => {
    const sales = await stack.tdb.db.queue.findUniqueOrThrow({ where: { name: 'sales' } });
    const wang = await stack.tdb.db.customer.findFirstOrThrow({ where: { name: '王芳' } });
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
    await stack.tdb.db.callbackRequest.createMany({
      data: [
        {
          number: '+8613800138000',
          customerId: wang.id,
          queueId: sales.id,
          source: 'ivr',
          requestedAt: at(30),
        },
        { number: '+8613900000777', queueId: sales.id, source: 'overflow', requestedAt: at(5) },
      ],
    });
    await page.reload();
    const rows = page.getByTestId('callback');
    await rows.first().waitFor({ timeout: 15_000 });
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-number')))).toEqual([
      '+8613800138000',
      '+8613900000777',
    ]);
    await expect.poll(() => rows.first().textContent()).toContain('王芳');
    await shot('callbacks-en');
    // Refreshes (after our own change, on a colleague's push) keep the list on screen:
    // "Loading…" is for the first read only.
    await page.evaluate(() => {
      const seen = window as unknown as { kefuLoadingSeen: boolean };
      seen.kefuLoadingSeen = false;
      const isStatus = (n: Node) =>
        n instanceof Element && (n.matches('[role=status]') || n.querySelector('[role=status]') !== null);
      new MutationObserver((records) => {
        if (records.some((r) => Array.from(r.addedNodes).some(isStatus))) seen.kefuLoadingSeen = true;
      }).observe(document.querySelector('[data-testid=callbacks]')!, { childList: true, subtree: true });
    });

    await rows.first().getByRole('button', { name: 'Done' }).click();
    await page.locator('[data-testid=callback][data-number="+8613800138000"]').waitFor({ state: 'detached' });
    // A colleague closes the other one: the list follows without a reload (callbacks.changed).
    const other = await stack.tdb.db.callbackRequest.findFirstOrThrow({
      where: { number: '+8613900000777' },
    });
    const cancelled = await stack.app.inject({
      method: 'PATCH',
      url: `/api/callbacks/${other.id}`,
      headers: await stack.headers('1003'),
      payload: { status: 'cancelled', note: 'wrong number' },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    await page.getByText('No callers waiting for a call back.').waitFor({ timeout: 5_000 });
    expect(
      await page.evaluate(() => (window as unknown as { kefuLoadingSeen: boolean }).kefuLoadingSeen),
    ).toBe(false);
    const closed = await stack.tdb.db.callbackRequest.findMany({
      orderBy: { requestedAt: 'asc' },
      include: { agent: true },
    });
    expect(closed.map((c) => [c.status, c.agent?.extension])).toEqual([
      ['done', '1002'],
      ['cancelled', '1003'],
    ]);
  }, 60_000);
});
