import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { launchConsoleBrowser, submitLogin, switchWorkspace, type ConsoleBrowser } from './browser.js';
import { ensureConsoleBuilt } from './console-build.js';

/**
 * The web app's admin workspace in a real browser against the real server (issue 14): the demo
 * admin lands in it, creates agent 1050 with skill sales 5, sees its SIP password once, finds it
 * in the table and the creation in the audit log; then 1050 logs in, must choose its own
 * password, and lands on the agent console with its phone registered.
 */
describe('admin workspace in Chromium', () => {
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

  it('lands the admin in the admin workspace and creates agent 1050 with skill sales 5', async () => {
    await page.goto(stack.httpUrl);
    await logIn('admin', 'demo-admin');
    const nav = page.getByRole('navigation', { name: 'Administration' });
    await nav.getByRole('link', { name: 'Agents' }).waitFor({ timeout: 15_000 });
    expect(new URL(page.url()).pathname).toBe('/admin/agents');
    for (const name of ['Trunks', 'Audit log', 'Import / Export'])
      await nav.getByRole('link', { name }).waitFor();
    // Nothing of the workspaces still to come is offered.
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Agents',
      'Skills',
      'Queues',
      'Codes',
      'Lines',
      'IVR flows',
      'Outbound',
      'Trunks',
      'Audit log',
      'Import / Export',
    ]);
    await page.getByRole('cell', { name: '1002', exact: true }).first().waitFor();

    await page.getByRole('button', { name: 'New agent' }).click();
    const drawer = page.getByRole('dialog', { name: 'New agent' });
    await drawer.getByLabel('Username').fill('1050');
    await drawer.getByLabel('Display name').fill('Agent 1050');
    // The form checks what the server checks before sending.
    await drawer.getByLabel('Extension').fill('10');
    await drawer.getByLabel('Password', { exact: true }).fill('short');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.getByText('An extension is 3 to 6 digits.').waitFor();
    await drawer.getByText('At least 8 characters.').waitFor();
    // A refusal of the server (1002 exists) shows under its field.
    await drawer.getByLabel('Extension').fill('1002');
    await drawer.getByLabel('Password', { exact: true }).fill('first-pass-1050');
    await drawer.getByRole('button', { name: 'Add skill' }).click();
    await drawer.getByLabel('Skill', { exact: true }).fill('sales');
    await page.keyboard.press('Enter');
    await drawer.getByLabel('Proficiency').fill('5');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.getByText('extension 1002 is taken').waitFor();

    await drawer.getByLabel('Extension').fill('1050');
    await drawer.getByRole('button', { name: 'Save' }).click();
    const modal = page.getByRole('dialog', { name: 'SIP password' });
    const sipPassword = (await modal.getByTestId('sip-password').textContent())?.trim() ?? '';
    expect(sipPassword.length).toBeGreaterThanOrEqual(8);
    await modal.getByRole('button', { name: 'Copy' }).waitFor();
    await modal.getByRole('button', { name: 'Close' }).last().click();
    await modal.waitFor({ state: 'hidden' });

    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: '1050', exact: true }) });
    await row.first().waitFor();
    expect(await row.first().textContent()).toContain('sales 5');

    // The server has it, as the form said.
    const res = await stack.app.inject({
      method: 'GET',
      url: '/api/admin/users?q=1050',
      headers: await stack.headers('admin'),
    });
    const { users } = res.json() as { users: { agent: { extension: string; skills: unknown[] } | null }[] };
    expect(users.map((u) => u.agent)).toEqual([
      expect.objectContaining({ extension: '1050', skills: [{ skill: 'sales', proficiency: 5 }] }),
    ]);

    await page.getByRole('link', { name: 'Audit log' }).click();
    const entry = page.getByRole('row').filter({ hasText: 'created user 1050' });
    await entry.first().waitFor({ timeout: 10_000 });
    expect(await entry.first().textContent()).toContain('admin');
    expect(await entry.first().textContent()).not.toContain('first-pass-1050');
  }, 90_000);

  it('asks agent 1050 for a new password, then lands it on the console', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await logIn('1050', 'first-pass-1050');
    const form = page.getByRole('form', { name: 'Choose a new password' });
    await form.getByLabel('Current password').fill('first-pass-1050');
    await form.getByLabel('New password', { exact: true }).fill('my-own-pass-1050');
    await form.getByLabel('Repeat the new password').fill('my-own-pass-1050');
    await form.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Phone registered').waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).pathname).toBe('/console');
    // One workspace only: no switcher, the console as it was.
    expect(await page.getByTestId('workspace-switcher').count()).toBe(0);

    // The new password is the one that works now.
    const login = await stack.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: '1050', password: 'my-own-pass-1050' },
    });
    expect(login.statusCode).toBe(200);
    expect((login.json() as { mustChangePassword: boolean }).mustChangePassword).toBe(false);
  }, 60_000);

  it('edits and disables 1050, shows supervisors agents read-only, switches a user with two roles, and sends marketing to its own workspace', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await logIn('admin', 'demo-admin');
    const row1050 = page
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: '1050', exact: true }) });
    await row1050.getByRole('button', { name: 'Edit 1050' }).click();
    const drawer = page.getByRole('dialog', { name: 'Edit Agent 1050' });
    await drawer.getByLabel('Display name').fill('Agent Ten-Fifty');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.waitFor({ state: 'hidden' });
    await row1050.getByRole('cell', { name: 'Agent Ten-Fifty' }).waitFor();
    await row1050.getByRole('button', { name: 'Disable' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'Disable' }).click();
    await row1050.getByText('Disabled').waitFor();
    const login = await stack.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: '1050', password: 'my-own-pass-1050' },
    });
    expect(login.statusCode).toBe(401);
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('row').filter({ hasText: 'disabled 1050' }).first().waitFor();
    const renamed = page.getByRole('row').filter({ hasText: 'changed 1050' }).first();
    expect(await renamed.textContent()).toContain('Agent 1050 → Agent Ten-Fifty');

    // A supervisor: agents (skills editable), queues and codes read-only, no New agent, nothing else.
    await page.getByRole('button', { name: 'Log out' }).click();
    await logIn('sup1', 'demo-sup1');
    // Supervisors land on the wallboard; the people screens are their second workspace.
    await switchWorkspace(page, 'Administration');
    const nav = page.getByRole('navigation', { name: 'Administration' });
    await nav.getByRole('link', { name: 'Agents' }).waitFor({ timeout: 15_000 });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Agents',
      'Skills',
      'Queues',
      'Codes',
      'Lines',
      'IVR flows',
      'Outbound',
    ]);
    expect(await page.getByRole('button', { name: 'New agent' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Edit 1002' }).click();
    const supDrawer = page.getByRole('dialog', { name: /^Edit / });
    expect(await supDrawer.getByLabel('Display name').isDisabled()).toBe(true);
    expect(await supDrawer.getByLabel('Proficiency').first().isDisabled()).toBe(false);
    await supDrawer.getByRole('button', { name: 'Cancel' }).click();

    // A user who is admin and agent lands in the admin workspace and switches to the console.
    const created = await stack.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: await stack.headers('admin'),
      payload: {
        username: 'lead1051',
        displayName: 'Team lead 1051',
        roles: ['admin', 'agent'],
        password: 'first-pass-1051',
        agent: { extension: '1051', skills: [{ skill: 'sales', proficiency: 4 }] },
      },
    });
    expect(created.statusCode).toBe(201);
    await page.getByRole('button', { name: 'Log out' }).click();
    await logIn('lead1051', 'first-pass-1051');
    const form = page.getByRole('form', { name: 'Choose a new password' });
    await form.getByLabel('Current password').fill('first-pass-1051');
    await form.getByLabel('New password', { exact: true }).fill('my-own-pass-1051');
    await form.getByLabel('Repeat the new password').fill('my-own-pass-1051');
    await form.getByRole('button', { name: 'Change password' }).click();
    const switcher = page.getByRole('navigation', { name: 'Workspace' });
    await switcher.getByRole('link', { name: 'Agent console' }).click();
    await page.getByText('Phone registered').waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).pathname).toBe('/console');
    await switcher.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('button', { name: 'New agent' }).waitFor();

    // Marketing lands in its own workspace.
    await page.getByRole('button', { name: 'Log out' }).click();
    await logIn('mkt1', 'demo-mkt1');
    await page
      .getByRole('navigation', { name: 'Marketing' })
      .getByRole('link', { name: 'Scripts' })
      .waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/marketing/);
  }, 90_000);
});
