import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { launchConsoleBrowser, type ConsoleBrowser } from './browser.js';
import { ensureConsoleBuilt } from './console-build.js';

/**
 * The Agents page's CSV import in a real browser against the real server (issue 14): a file
 * with a taken extension is checked and refused row by row, Import stays disabled; the fixed
 * file checks clean, imports, shows the one-time passwords, and the agents are in the table.
 */
describe('admin users CSV import in Chromium', () => {
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

  it('checks a file row by row, imports it when every row is ok and shows the passwords once', async () => {
    await page.goto(stack.httpUrl);
    await page.getByLabel('Extension / username').fill('admin');
    await page.getByLabel('Password').fill('demo-admin');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('cell', { name: '1002', exact: true }).first().waitFor({ timeout: 15_000 });

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const drawer = page.getByRole('dialog', { name: 'Import users from CSV' });
    await drawer.getByRole('button', { name: 'Download template' }).waitFor();
    const header = 'username,displayName,roles,extension,skills';
    await drawer
      .getByLabel('CSV text')
      .fill(`${header}\nzhao.lei,赵磊,agent,1091,sales:4\nqian.yu,"Qian, Yu",agent,1002,service:3\n`);
    await drawer.getByRole('button', { name: 'Check' }).click();
    await drawer.getByText('1 row has problems; nothing was imported.').waitFor();
    const report = drawer.getByTestId('import-report');
    const bad = report.getByRole('row').filter({ hasText: 'qian.yu' });
    expect(await bad.textContent()).toContain('extension 1002 is taken');
    expect(await drawer.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);

    await drawer
      .getByLabel('CSV text')
      .fill(`${header}\nzhao.lei,赵磊,agent,1091,sales:4\nqian.yu,"Qian, Yu",agent,1092,service:3\n`);
    await drawer.getByRole('button', { name: 'Check' }).click();
    await drawer.getByText('All 2 rows are ready: nothing has been written yet.').waitFor();
    await drawer.getByRole('button', { name: 'Import', exact: true }).click();

    const passwords = drawer.getByTestId('import-passwords');
    await passwords.waitFor();
    const row = passwords.getByRole('row').filter({ hasText: 'qian.yu' });
    expect(await row.textContent()).toContain('Qian, Yu');
    expect(await row.textContent()).toMatch(/[0-9a-f]{20}/);
    await drawer.getByRole('button', { name: 'Close' }).last().click();
    await drawer.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: '1092', exact: true }).first().waitFor();
    await page.getByRole('cell', { name: '赵磊', exact: true }).first().waitFor();

    const res = await stack.app.inject({
      method: 'GET',
      // 109x but not the demo supervisor's phone, 1090.
      url: '/api/admin/users?q=109&role=agent',
      headers: await stack.headers('admin'),
    });
    expect(
      res
        .json()
        .users.map((u: { username: string }) => u.username)
        .sort(),
    ).toEqual(['qian.yu', 'zhao.lei']);
  }, 90_000);
});
