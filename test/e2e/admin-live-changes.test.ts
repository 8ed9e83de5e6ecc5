import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { runSipp, type SippRun } from '../support/sipp.js';
import { launchConsoleBrowser, submitLogin, type ConsoleBrowser } from './browser.js';
import { ensureConsoleBuilt } from './console-build.js';

const SALES_DIRECT = '4008003000'; // straight to the sales queue, no IVR

/**
 * Issue 14's promise end to end, in two real browsers against the real server, with a SIPp
 * carrier: the admin creates agent 1050 (skill sales at 5, a password); 1050 logs in to the
 * console, registers and takes a carrier call to 4008003000; the admin changes the sales
 * queue's wrap-up time and the next call's wrap-up lasts the new time; a holiday added for
 * today sends the next call to the closed branch; each change is in the audit log with its
 * before and after. No restart anywhere.
 */
describe('administration changes reach the running centre', () => {
  let stack: CtiStack;
  let adminBrowser: ConsoleBrowser;
  let agentBrowser: ConsoleBrowser;
  let admin: Page;
  let agent: Page;
  let carrier: SippRun | undefined;

  beforeAll(async () => {
    const dist = ensureConsoleBuilt();
    stack = await startCtiStack('sqlite', { UI_DIST: dist });
    [adminBrowser, agentBrowser] = await Promise.all([
      launchConsoleBrowser('en-US'),
      launchConsoleBrowser('en-US'),
    ]);
    admin = await adminBrowser.context.newPage();
    agent = await agentBrowser.context.newPage();
  }, 120_000);
  afterAll(async () => {
    carrier?.stop();
    await adminBrowser?.close();
    await agentBrowser?.close();
    await stack?.close();
  });

  const logIn = async (page: Page, username: string, password: string) => {
    await page.goto(stack.httpUrl);
    await submitLogin(page, username, password);
  };
  const nav = () => admin.getByRole('navigation', { name: 'Administration' });
  const agentState = async () => {
    const row = await stack.tdb.db.agent.findUniqueOrThrow({ where: { extension: '1050' } });
    return stack.app.acd.agentStatus(row.id);
  };
  /** A carrier call to the sales line that talks 7 s once answered, then hangs up. */
  const call = (ani: string) =>
    runSipp({
      scenarioFile: path.join(import.meta.dirname, 'sipp', 'carrier-call-audio.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: SALES_DIRECT,
      vars: { ani },
      timeoutSeconds: 60,
    });
  /** 1050 answers the ringing call; resolves when the carrier has hung up and wrap-up shows. */
  const answer = async () => {
    await agent.locator('[data-testid=phone-call][data-phase=ringing]').waitFor({ timeout: 15_000 });
    await agent.getByRole('button', { name: 'Answer', exact: true }).click();
    await agent.locator('[data-testid=phone-call][data-phase=connected]').waitFor({ timeout: 10_000 });
    const result = await carrier!.done;
    expect(result.code, result.output).toBe(0);
    await agent.getByTestId('wrap-up-form').waitFor({ timeout: 10_000 });
  };

  it('the admin creates agent 1050 (sales 5); 1050 logs in, registers and takes a carrier call', async () => {
    await logIn(admin, 'admin', 'demo-admin');
    await nav().getByRole('link', { name: 'Agents' }).waitFor({ timeout: 15_000 });
    await admin.getByRole('button', { name: 'New agent' }).click();
    const drawer = admin.getByRole('dialog', { name: 'New agent' });
    await drawer.getByLabel('Username').fill('1050');
    await drawer.getByLabel('Display name').fill('Agent 1050');
    await drawer.getByLabel('Extension').fill('1050');
    await drawer.getByLabel('Password', { exact: true }).fill('first-pass-1050');
    await drawer.getByRole('button', { name: 'Add skill' }).click();
    await drawer.getByLabel('Skill', { exact: true }).fill('sales');
    await admin.keyboard.press('Enter');
    await drawer.getByLabel('Proficiency').fill('5');
    await drawer.getByRole('button', { name: 'Save' }).click();
    const secret = admin.getByRole('dialog', { name: 'SIP password' });
    await secret.getByTestId('sip-password').waitFor();
    await secret.getByRole('button', { name: 'Close' }).last().click();

    await logIn(agent, '1050', 'first-pass-1050');
    const form = agent.getByRole('form', { name: 'Choose a new password' });
    await form.getByLabel('Current password').fill('first-pass-1050');
    await form.getByLabel('New password', { exact: true }).fill('my-own-pass-1050');
    await form.getByLabel('Repeat the new password').fill('my-own-pass-1050');
    await form.getByRole('button', { name: 'Change password' }).click();
    await agent.getByText('Phone registered').waitFor({ timeout: 20_000 });
    await agent.getByRole('button', { name: 'Ready', exact: true }).click();
    await eventually(async () => (await agentState()) === 'ready');

    // The demo agents are logged out: the sales queue's only ready agent is the new one.
    carrier = await call('13900000601');
    await answer();
    const interaction = await stack.tdb.db.interaction.findFirstOrThrow({
      where: { dnis: SALES_DIRECT },
      orderBy: { offeredAt: 'desc' },
      include: { agent: true },
    });
    expect(interaction.agent?.extension).toBe('1050');
    expect(interaction.answeredAt).toBeTruthy();
    await agent.getByRole('button', { name: 'Save and go Ready' }).click();
    await eventually(async () => (await agentState()) === 'ready');
  }, 120_000);

  it('the admin shortens the sales wrap-up to 5 s: the next call’s wrap-up ends by itself after 5 s', async () => {
    await nav().getByRole('link', { name: 'Queues' }).click();
    const sales = admin
      .getByRole('row')
      .filter({ has: admin.getByRole('button', { name: 'Edit queue sales' }) });
    await sales.getByRole('button', { name: 'Edit queue sales' }).click();
    const drawer = admin.getByRole('dialog', { name: 'Edit queue sales' });
    await drawer.getByLabel('Wrap-up time (seconds)').fill('5');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.waitFor({ state: 'hidden' });
    await sales.getByRole('cell', { name: '5 s' }).waitFor();

    carrier = await call('13900000602');
    await answer();
    const wrapUpShownAt = Date.now();
    // Nobody touches the wrap-up form: the ACD's timer ends it (30 s before the change).
    await eventually(async () => (await agentState()) === 'ready', 15_000);
    const tookMs = Date.now() - wrapUpShownAt;
    expect(tookMs).toBeLessThan(12_000);
    // The state log is written behind the ACD: wait for the row of the return to ready.
    const row = await stack.tdb.db.agent.findUniqueOrThrow({ where: { extension: '1050' } });
    const [wrapUp, after] = await eventually(async () => {
      const events = await stack.tdb.db.agentStateEvent.findMany({
        where: { agentId: row.id },
        orderBy: { at: 'asc' },
      });
      const start = events.findLast((e) => e.state === 'wrap_up');
      const end = start && events.find((e) => e.at > start.at && e.state === 'ready');
      return start && end ? ([start, end] as const) : null;
    });
    const lasted = after.at.getTime() - wrapUp.at.getTime();
    expect(lasted).toBeGreaterThanOrEqual(4_900);
    expect(lasted).toBeLessThan(7_000);

    // The audit log has the change with its before and after.
    await nav().getByRole('link', { name: 'Audit log' }).click();
    const entry = admin.getByRole('row').filter({ hasText: 'changed queue sales' }).first();
    await entry.waitFor({ timeout: 10_000 });
    const text = (await entry.textContent()) ?? '';
    expect(text).toContain('admin');
    expect(text).toMatch(/wrapUpSeconds\s*30 → 5/);
  }, 90_000);

  it('a holiday added for today sends the next call to the closed branch; the audit log has it', async () => {
    await nav().getByRole('link', { name: 'Lines' }).click();
    const direct = admin.getByRole('row').filter({ hasText: SALES_DIRECT });
    await direct.getByRole('button', { name: `Edit line ${SALES_DIRECT}` }).click();
    const drawer = admin.getByRole('dialog', { name: `Edit line ${SALES_DIRECT}` });
    const today = todayIn('Asia/Shanghai'); // the line's time zone
    const date = drawer.getByLabel('Holiday date');
    await date.click();
    await date.fill(today);
    await date.press('Enter');
    await drawer.getByLabel('Holiday name').fill('盘点日 Stocktaking day');
    await drawer.getByRole('button', { name: 'Add holiday' }).click();
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.waitFor({ state: 'hidden' });

    // 1050 is ready, yet the caller is told the line is closed and kefu hangs up.
    expect(await agentState()).toBe('ready');
    carrier = await runSipp({
      scenarioFile: path.join(import.meta.dirname, '..', 'sipp', 'carrier-call-until-bye.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: SALES_DIRECT,
      vars: { ani: '13900000603' },
      timeoutSeconds: 40,
    });
    const result = await carrier.done;
    expect(result.code, result.output).toBe(0);
    const closedCall = await eventually(() =>
      stack.tdb.db.interaction.findFirst({
        where: { ani: '+8613900000603', endedAt: { not: null } },
        include: { events: true },
      }),
    );
    expect(closedCall.agentId).toBeNull();
    expect(closedCall.events.some((e) => e.type === 'queued')).toBe(false);
    expect(closedCall.events.find((e) => e.type === 'closed')?.data).toMatchObject({
      reason: 'holiday',
      holiday: { date: today, name: '盘点日 Stocktaking day' },
    });
    expect(await agentState()).toBe('ready');

    await nav().getByRole('link', { name: 'Audit log' }).click();
    const entry = admin
      .getByRole('row')
      .filter({ hasText: `changed line ${SALES_DIRECT}` })
      .first();
    await entry.waitFor({ timeout: 10_000 });
    const text = (await entry.textContent()) ?? '';
    expect(text).toContain('holidays');
    expect(text).toContain('盘点日 Stocktaking day');
  }, 90_000);
});

/** Today's date (YYYY-MM-DD) in a time zone. */
function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}
