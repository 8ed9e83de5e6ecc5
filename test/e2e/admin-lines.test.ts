import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { launchConsoleBrowser, submitLogin, switchWorkspace, type ConsoleBrowser } from './browser.js';
import { ensureConsoleBuilt } from './console-build.js';

/** Today's date where the demo lines are (Asia/Shanghai). */
const todayInShanghai = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

/**
 * The admin workspace's Lines and IVR flows pages in a real browser against the real server
 * (issue 14): a holiday added for today closes the direct line (the table and the preview say
 * why), weekly hours are stored as the API reads them, and the IVR flows page lists the lines
 * using each flow and draws the selected one.
 */
describe('admin lines and IVR flows in Chromium', () => {
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

  it('adds a holiday for today to the direct line: it shows closed because of it', async () => {
    await page.goto(stack.httpUrl);
    await logIn('admin', 'demo-admin');
    const nav = page.getByRole('navigation', { name: 'Administration' });
    await nav.getByRole('link', { name: 'Lines' }).click({ timeout: 15_000 });
    const direct = page.getByRole('row').filter({ hasText: '4008003000' });
    await direct.getByText('Open · within hours').waitFor();

    await direct.getByRole('button', { name: 'Edit line 4008003000' }).click();
    const drawer = page.getByRole('dialog', { name: 'Edit line 4008003000' });
    await drawer.getByLabel('DNIS').waitFor();
    expect(await drawer.getByLabel('Name', { exact: true }).inputValue()).toContain('Sales direct');
    await drawer.getByText(/^Today we are open because/).waitFor();
    await drawer.getByText('Hours: open all week (the line sets none).', { exact: false }).waitFor();

    const today = todayInShanghai();
    const date = drawer.getByLabel('Holiday date');
    await date.click();
    await date.fill(today);
    await date.press('Enter');
    await drawer.getByLabel('Holiday name').fill('测试假日 Test holiday');
    await drawer.getByRole('button', { name: 'Add holiday' }).click();
    await drawer.getByRole('cell', { name: '测试假日 Test holiday' }).waitFor();
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.waitFor({ state: 'hidden' });

    await direct.getByText('Closed · 测试假日 Test holiday').waitFor({ timeout: 10_000 });
    const row = await stack.tdb.db.line.findUniqueOrThrow({ where: { dnis: '4008003000' } });
    expect(row.holidays).toEqual([{ date: today, name: '测试假日 Test holiday' }]);

    await direct.getByRole('button', { name: 'Edit line 4008003000' }).click();
    await drawer
      .getByText('Today we are closed because it is a holiday: 测试假日 Test holiday.', { exact: false })
      .waitFor();
    await drawer.getByRole('button', { name: `Remove holiday ${today}` }).click();
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.waitFor({ state: 'hidden' });
    await direct.getByText('Open · within hours').waitFor({ timeout: 10_000 });
  }, 90_000);

  it('stores weekly hours from the editor', async () => {
    const sales = page.getByRole('row').filter({ hasText: '4008001000' });
    await sales.getByRole('button', { name: 'Edit line 4008001000' }).click();
    const drawer = page.getByRole('dialog', { name: 'Edit line 4008001000' });
    await drawer.getByText('Weekly hours').click();
    // Sunday opens too, 10:00–16:00 (the range a day starts with is 09:00–18:00).
    await drawer.getByRole('switch', { name: 'Open on Sunday' }).click();
    await drawer.getByTestId('hours-sun').getByRole('button', { name: 'Add hours' }).click();
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.waitFor({ state: 'hidden' });
    const row = await stack.tdb.db.line.findUniqueOrThrow({ where: { dnis: '4008001000' } });
    const hours = row.businessHours as Record<string, string[][]>;
    expect(hours.mon).toEqual([['09:00', '21:00']]);
    expect(hours.sun).toEqual([['09:00', '18:00']]);
    const { entries } = (
      await stack.app.inject({
        method: 'GET',
        url: `/api/admin/audit?action=line.update&entityId=${row.id}`,
        headers: await stack.headers('admin'),
      })
    ).json() as { entries: Array<{ summary: string }> };
    expect(entries[0]?.summary).toMatch(/changed line 4008001000: .*businessHours/);
  }, 60_000);

  it('lists the IVR flows with the lines using them and draws the selected flow', async () => {
    await page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'IVR flows' })
      .click();
    // The diagram is the IVR flows page's own: until it shows, rows may still be the Lines page's.
    const diagram = page.getByTestId('ivr-flow-diagram');
    await diagram.waitFor({ timeout: 15_000 });
    const sales = page
      .getByRole('row')
      .filter({ hasText: 'sales-hotline' })
      .filter({ hasText: '4008001000' });
    await expect.poll(() => sales.first().textContent(), { timeout: 10_000 }).toContain('v1');
    await diagram.getByText('Business hours?', { exact: false }).first().waitFor();

    await page.getByRole('row').filter({ hasText: 'service-hotline' }).click();
    await page.getByRole('heading', { name: /Diagram of .*Service hotline/ }).waitFor();
  }, 60_000);

  it('a supervisor reads lines and flows but changes nothing', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await logIn('sup1', 'demo-sup1');
    // Supervisors land on the wallboard; the people screens are their second workspace.
    await switchWorkspace(page, 'Administration');
    const nav = page.getByRole('navigation', { name: 'Administration' });
    await nav.getByRole('link', { name: 'Lines' }).click({ timeout: 15_000 });
    const direct = page.getByRole('row').filter({ hasText: '4008003000' });
    await direct.getByText('Open · within hours').waitFor();
    expect(await page.getByRole('button', { name: 'New line' }).count()).toBe(0);
    await direct.getByRole('button', { name: 'Edit line 4008003000' }).click();
    const drawer = page.getByRole('dialog', { name: 'Edit line 4008003000' });
    await drawer.getByText(/^Today we are open because/).waitFor();
    expect(await drawer.getByLabel('Name', { exact: true }).isDisabled()).toBe(true);
    expect(await drawer.getByRole('button', { name: 'Save' }).count()).toBe(0);
    expect(await drawer.getByRole('button', { name: 'Add holiday' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await nav.getByRole('link', { name: 'IVR flows' }).click();
    await page.getByTestId('ivr-flow-diagram').waitFor({ timeout: 15_000 });
  }, 60_000);
});
