import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { launchConsoleBrowser, submitLogin, switchWorkspace, type ConsoleBrowser } from './browser.js';
import { ensureConsoleBuilt } from './console-build.js';

/** Every page of the admin workspace: its nav link, its path and its title. */
const PAGES = [
  { link: 'Agents', path: 'agents', title: 'Agents' },
  { link: 'Skills', path: 'skills', title: 'Skills and teams' },
  { link: 'Queues', path: 'queues', title: 'Queues' },
  { link: 'Codes', path: 'codes', title: 'Reason codes and dispositions' },
  { link: 'Lines', path: 'lines', title: 'Lines' },
  { link: 'IVR flows', path: 'ivr-flows', title: 'IVR flows' },
  { link: 'Outbound', path: 'outbound', title: 'Outbound dialling' },
  { link: 'Trunks', path: 'trunks', title: 'Trunks' },
  { link: 'Audit log', path: 'audit', title: 'Audit log' },
  { link: 'Import / Export', path: 'config', title: 'Configuration as code' },
] as const;
const SUPERVISOR_PAGES = ['Agents', 'Skills', 'Queues', 'Codes', 'Lines', 'IVR flows', 'Outbound'];

/**
 * The admin workspace as a whole in a real browser against the real server (issue 14): the admin
 * opens every page, adds a skill and a dial rule and changes each, tests a number against the
 * rule, sees all four changes in the audit log with before → after, and switches the workspace to
 * Chinese; a supervisor sees Skills and Outbound without any write control; an agent who opens
 * /admin lands on the console.
 */
describe('admin workspace pages in Chromium', () => {
  let stack: CtiStack;
  let browser: ConsoleBrowser;
  let page: Page;

  beforeAll(async () => {
    const dist = ensureConsoleBuilt();
    stack = await startCtiStack('sqlite', { UI_DIST: dist });
    browser = await launchConsoleBrowser('en-US');
    page = await browser.context.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const logIn = (username: string, password: string) => submitLogin(page, username, password);
  const nav = () => page.getByRole('navigation', { name: 'Administration' });
  const open = async (link: string) => {
    const target = PAGES.find((p) => p.link === link)!;
    await nav().getByRole('link', { name: link, exact: true }).click();
    await page.getByRole('heading', { level: 3, name: target.title, exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/admin/${target.path}`);
  };

  it('lets the admin open every page, add a skill and a dial rule, test a number and find the changes in the audit log', async () => {
    await page.goto(stack.httpUrl);
    await logIn('admin', 'demo-admin');
    await nav().getByRole('link', { name: 'Agents' }).waitFor({ timeout: 15_000 });
    expect(await nav().getByRole('link').allTextContents()).toEqual(PAGES.map((p) => p.link));
    for (const { link } of PAGES) await open(link);

    // Skills: the demo's sales skill, its holders by proficiency and the queue requiring it.
    await open('Skills');
    const skills = page.getByTestId('skills-table');
    const sales = skills
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: 'sales', exact: true }) });
    expect(await sales.getByRole('cell').nth(3).textContent()).toBe('10');
    await sales
      .getByRole('img', {
        name: 'Proficiency 1: 2, Proficiency 2: 2, Proficiency 3: 2, Proficiency 4: 2, Proficiency 5: 2',
      })
      .waitFor();
    await page.getByRole('button', { name: 'New skill' }).click();
    const drawer = page.getByRole('dialog', { name: 'New skill' });
    await drawer.getByLabel('Name').fill('after sales');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.getByText('Letters, digits, _ . and - (1–64), no spaces').waitFor();
    await drawer.getByLabel('Name').fill('sales');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.getByText('skill sales exists').waitFor();
    await drawer.getByLabel('Name').fill('refunds');
    await drawer.getByLabel('Description').fill('Refunds and returns');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.waitFor({ state: 'hidden' });
    await skills.getByRole('button', { name: 'Edit skill refunds' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit skill refunds' });
    await edit.getByLabel('Description').fill('Refunds, returns and exchanges');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'hidden' });
    await skills.getByRole('cell', { name: 'Refunds, returns and exchanges' }).waitFor();

    // Teams link to the Agents page filtered to the team.
    await page.getByRole('link', { name: 'Show agents of service' }).click();
    await page.getByRole('cell', { name: '1011', exact: true }).first().waitFor();
    expect(new URL(page.url()).search).toBe('?team=service');
    expect(await page.getByRole('cell', { name: '1001', exact: true }).count()).toBe(0);

    // Outbound: a team deny rule, checked before sending, then tested.
    await open('Outbound');
    await page.getByRole('button', { name: 'New rule' }).click();
    const rule = page.getByRole('dialog', { name: 'New rule' });
    await rule.getByLabel('Applies to').fill('sales');
    await page.keyboard.press('Enter');
    await rule.getByLabel('Pattern').fill('139*');
    await rule.getByRole('button', { name: 'Save' }).click();
    await rule.getByText('Use +<digits>, +<digits>* or * (1–15 digits, no spaces).').waitFor();
    await rule.getByLabel('Pattern').fill('+86139*');
    await rule.getByLabel('Description').fill('no 139 mobiles');
    await rule.getByRole('button', { name: 'Save' }).click();
    await rule.waitFor({ state: 'hidden' });
    const rules = page.getByTestId('dial-rules-table');
    const row = rules.getByRole('row').filter({ hasText: '+86139*' });
    expect(await row.textContent()).toContain('Deny');
    await row.getByRole('button', { name: 'Edit rule +86139*' }).click();
    const editRule = page.getByRole('dialog', { name: 'Edit rule +86139*' });
    await editRule.getByLabel('Description').fill('no 139 mobiles from sales');
    await editRule.getByRole('button', { name: 'Save' }).click();
    await editRule.waitFor({ state: 'hidden' });
    await rules.getByRole('cell', { name: 'no 139 mobiles from sales' }).waitFor();

    const tester = page.getByRole('region', { name: 'Pattern tester' });
    await tester.getByLabel('Number').fill('+86 139 0013 9000');
    await tester.getByLabel('Agent').fill('1001');
    await page.keyboard.press('Enter');
    await tester.getByRole('button', { name: 'Check' }).click();
    const result = page.getByTestId('outbound-check-result');
    await result.getByText('Refused: Denied by a rule').waitFor();
    expect(await result.textContent()).toContain('Decided by the rule Deny +86139* of Team sales.');
    await tester.getByLabel('Number').fill('+8613800138000');
    await tester.getByRole('button', { name: 'Check' }).click();
    await result.getByText('Allowed', { exact: true }).waitFor();
    expect(await result.textContent()).toContain('No rule matches: the centre defaults decided.');

    // The audit log has all four with before → after.
    await open('Audit log');
    const audit = page.getByTestId('audit-table');
    const entry = (text: string) => audit.getByRole('row').filter({ hasText: text }).first();
    await entry('created dial rule: deny +86139* for team sales').waitFor({ timeout: 10_000 });
    expect(await entry('created dial rule').textContent()).toContain('no 139 mobiles');
    expect(await entry('changed dial rule').textContent()).toContain(
      'no 139 mobiles → no 139 mobiles from sales',
    );
    expect(await entry('created skill refunds').textContent()).toContain('Refunds and returns');
    expect(await entry('changed skill refunds').textContent()).toContain(
      'Refunds and returns → Refunds, returns and exchanges',
    );
    for (const text of ['created dial rule', 'created skill refunds'])
      expect(await entry(text).textContent()).toContain('admin');

    // In Chinese: the navigation, Ant Design's own texts with it; then back to English.
    await page.getByTestId('language-switch').click();
    const zhNav = page.getByRole('navigation', { name: '系统管理' });
    await zhNav.getByRole('link', { name: '技能' }).waitFor();
    expect(await zhNav.getByRole('link').allTextContents()).toEqual([
      '坐席',
      '技能',
      '队列',
      '代码',
      '线路',
      'IVR 流程',
      '外呼',
      '中继',
      '审计日志',
      '导入 / 导出',
    ]);
    await zhNav.getByRole('link', { name: '外呼' }).click();
    await page.getByRole('heading', { level: 3, name: '外呼策略' }).waitFor();
    await page.getByRole('button', { name: '新建规则' }).waitFor();
    await page.getByTestId('language-switch').click();
    await nav().getByRole('link', { name: 'Skills' }).waitFor();
  }, 60_000);

  it('shows a supervisor Skills and Outbound read-only, and sends an agent from /admin to the console', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await logIn('sup1', 'demo-sup1');
    // Supervisors land on the wallboard; the people screens are their second workspace.
    await switchWorkspace(page, 'Administration');
    await nav().getByRole('link', { name: 'Agents' }).waitFor({ timeout: 15_000 });
    expect(await nav().getByRole('link').allTextContents()).toEqual(SUPERVISOR_PAGES);

    await open('Skills');
    await page.getByText('Supervisors see skills and teams read-only.').waitFor();
    await page.getByRole('cell', { name: 'refunds', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'New skill' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Edit skill / }).count()).toBe(0);

    await open('Outbound');
    await page.getByText('Supervisors see the outbound policy read-only.').waitFor();
    await page.getByTestId('dial-rules-table').getByRole('cell', { name: '+86139*' }).waitFor();
    expect(await page.getByRole('button', { name: 'New rule' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^(Edit|Delete) rule / }).count()).toBe(0);
    expect(await page.getByTestId('agent-caps-table').getByRole('button', { name: 'Save' }).count()).toBe(0);
    expect(await page.getByRole('switch', { name: 'Agent 1001 may dial out' }).isDisabled()).toBe(true);
    // Supervisors may still ask the tester.
    const tester = page.getByRole('region', { name: 'Pattern tester' });
    await tester.getByLabel('Number').fill('+8613900139000');
    await tester.getByLabel('Agent').fill('1002');
    await page.keyboard.press('Enter');
    await tester.getByRole('button', { name: 'Check' }).click();
    await page.getByTestId('outbound-check-result').getByText('Refused: Denied by a rule').waitFor();

    await page.getByRole('button', { name: 'Log out' }).click();
    await logIn('1001', 'demo-1001');
    await page.waitForURL('**/console', { timeout: 15_000 });
    await page.goto(`${stack.httpUrl}/admin/outbound`);
    await page.waitForURL('**/console', { timeout: 15_000 });
    expect(await page.getByRole('navigation', { name: 'Administration' }).count()).toBe(0);
  }, 40_000);
});
