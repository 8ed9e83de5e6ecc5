import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { SupervisorBoard } from '@kefu/cti-server/contract';
import { startCtiStack, eventually, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario, type SippRun } from '../support/sipp.js';
import { launchConsoleBrowser, submitLogin, type ConsoleBrowser } from './browser.js';
import { ensureConsoleBuilt } from './console-build.js';

const ANI = '13800138123';

/**
 * Live calls, alerts and the supervisor's actions in a real browser against the real server
 * (issue 15): sup1 lowers the long-wait threshold; a SIPp carrier call waits in sales with no
 * agent ready; Live calls shows it waiting and the long-wait alert is notified and listed; sup1
 * moves it to service; sup1 forces a logged-in agent not ready with a reason.
 */
describe('live calls, alerts and supervisor actions in Chromium', () => {
  let stack: CtiStack;
  let browser: ConsoleBrowser;
  let page: Page;
  let carrier: SippRun | undefined;

  beforeAll(async () => {
    const dist = ensureConsoleBuilt();
    stack = await startCtiStack('sqlite', { UI_DIST: dist });
    browser = await launchConsoleBrowser('en-US');
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(stack.httpUrl);
    await submitLogin(page, 'sup1', 'demo-sup1');
    await page.waitForURL(/\/supervisor\//, { timeout: 15_000 });
  }, 60_000);
  afterAll(async () => {
    carrier?.stop();
    await browser?.close();
    await stack?.close();
  });

  const nav = () => page.getByRole('navigation', { name: 'Supervision' });
  const board = async () => {
    const res = await stack.app.inject({
      url: '/api/supervisor/board',
      headers: await stack.headers('sup1'),
    });
    return res.json() as SupervisorBoard;
  };

  it('shows a waiting call, alerts on its wait, moves it and forces an agent not ready', async () => {
    // The thresholds form: a call waiting over 2 s raises an alert.
    await nav()
      .getByRole('link', { name: /^Alerts/ })
      .click();
    const thresholds = page.getByRole('region', { name: 'Alert thresholds' });
    const longWait = thresholds.getByLabel('Call waiting longer than (seconds)');
    await expect.poll(() => longWait.inputValue(), { timeout: 10_000 }).toBe('60');
    await longWait.fill('2');
    await thresholds.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Thresholds saved').waitFor();
    expect(stack.app.supervision.settings().alerts.longWaitSeconds).toBe(2);

    // A caller on the sales direct line (no IVR); nobody is ready, so it waits (-d: 30 s).
    carrier = await runSipp({
      scenarioFile: scenario('carrier-cancel.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008003000',
      vars: { ani: ANI },
      extra: ['-d', '30000'],
      timeoutSeconds: 45,
    });
    await nav().getByRole('link', { name: 'Live calls' }).click();
    const row = page.getByRole('row').filter({ hasText: ANI });
    await row.getByTestId('call-phase').filter({ hasText: 'Waiting' }).waitFor({ timeout: 15_000 });
    await row.getByTestId('call-queue').filter({ hasText: 'Sales' }).waitFor();
    await row.getByText('Sales direct (no IVR)').waitFor();
    await row.getByText('No IVR', { exact: true }).waitFor();

    // The long-wait alert: a notification anywhere in the workspace, and on the Alerts page.
    const notice = page.locator('.ant-notification-notice').filter({ hasText: 'Long wait' });
    await notice
      .getByText(new RegExp(`^Call from (\\+86)?${ANI} waiting \\d+ s in 销售 Sales$`))
      .waitFor({ timeout: 10_000 });
    await nav()
      .getByRole('link', { name: /^Alerts/ })
      .click();
    const listed = page
      .getByTestId('alert-text')
      .filter({ hasText: new RegExp(`^Call from (\\+86)?${ANI} waiting`) });
    await listed.waitFor();
    await page.getByRole('row').filter({ has: listed }).getByRole('link', { name: 'Open call' }).click();

    // Move: to the service queue; the row follows the push.
    await page.waitForURL(/\/supervisor\/calls\?call=/);
    await row.getByRole('button', { name: 'Move' }).click();
    const dialog = page.getByRole('dialog', { name: new RegExp(`^Move call from (\\+86)?${ANI}$`) });
    // Ant Design's Select: type to filter its options, then click the one left once it is shown
    // (Enter right after typing raced the filtering on two busy cores and picked nothing).
    await dialog.getByRole('combobox').fill('Service (service)');
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: 'Service (service)' })
      .click();
    await dialog.getByRole('button', { name: 'Move' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 20_000 });
    await row.getByTestId('call-queue').filter({ hasText: 'Service' }).waitFor({ timeout: 10_000 });
    const callId = (await row.getAttribute('data-call-id'))!;
    const serviceId = stack.app.agentDirectory.queueByName('service')!.id;
    expect(stack.app.acd.callQueue(callId)).toBe(serviceId);
    expect((await board()).calls.find((c) => c.callId === callId)).toMatchObject({
      phase: 'waiting',
      queueId: serviceId,
    });

    // Force not ready: 1003 (sales only, so never offered this call) logs in, sup1 forces a break.
    const login = await stack.app.inject({
      method: 'PUT',
      url: '/api/agents/1003/state',
      headers: await stack.headers('1003'),
      payload: { state: 'not_ready', reason: 'training' },
    });
    expect(login.statusCode, login.body).toBe(200);
    await page.goto(`${stack.httpUrl}/supervisor/agents/1003`);
    // A fresh page: the workspace signs in again and loads the agent's day before the button works.
    await page.getByRole('button', { name: 'Force not ready' }).click({ timeout: 30_000 });
    const force = page.getByRole('dialog', { name: /^Force .* \(1003\) not ready$/ });
    await force.getByRole('combobox', { name: 'Not-ready reason' }).fill('Lunch');
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: 'Lunch' })
      .click();
    await force.getByRole('button', { name: 'Confirm' }).click();
    await force.waitFor({ state: 'hidden' });
    await page.getByText('1003 is now not ready').waitFor();
    const agent = await eventually(async () =>
      (await board()).agents.find((a) => a.extension === '1003' && a.reason === 'lunch'),
    );
    expect(agent.state).toBe('not_ready');

    const result = await carrier.done;
    expect(result.code, result.output).toBe(0);
  }, 60_000);
});
