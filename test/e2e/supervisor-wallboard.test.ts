import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { launchConsoleBrowser, submitLogin, type ConsoleBrowser } from './browser.js';
import { ensureConsoleBuilt } from './console-build.js';

/**
 * The supervisor's Wallboard and Agents pages in Chromium against the real server (issue 15),
 * the ACD driven directly: a queued call raises the sales waiting count, 1002's state and call
 * show in the grid, their day's timeline in the drawer, TV mode, the page in Chinese; an agent
 * cannot open the workspace.
 */
describe('the supervisor wallboard in Chromium', () => {
  let stack: CtiStack;
  let app: CtiStack['app'];
  let url: string;
  let browser: ConsoleBrowser;
  let page: Page;
  const sales = () => page.locator('[data-testid=queue-card][data-queue=sales]');

  beforeAll(async () => {
    const dist = ensureConsoleBuilt();
    stack = await startCtiStack('sqlite', { UI_DIST: dist });
    app = stack.app;
    url = stack.httpUrl;
    browser = await launchConsoleBrowser('en-US');
    page = await browser.context.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('lands sup1 on the wallboard; a queued call raises the sales waiting count', async () => {
    await page.goto(url);
    await submitLogin(page, 'sup1', 'demo-sup1');
    await page.getByRole('heading', { name: 'Wallboard' }).waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).pathname).toBe('/supervisor/wallboard');
    await sales().getByTestId('waiting').getByText('0', { exact: true }).waitFor();
    await sales()
      .getByRole('img', { name: /per 15 minutes today$/ })
      .waitFor();

    const salesId = app.agentDirectory.queueByName('sales')!.id;
    app.acd.enqueue({ callId: 'e2e-wb-1', queueId: salesId });
    await sales().getByTestId('waiting').getByText('1', { exact: true }).waitFor({ timeout: 5_000 });
    await sales().getByTestId('offered-answered').getByText('1 / 0').waitFor();
  }, 60_000);

  it("shows 1002's state changes in the grid and their day's timeline", async () => {
    const agentId = app.agentDirectory.agentByExtension('1002')!.id;
    await page.getByRole('navigation', { name: 'Supervision' }).getByRole('link', { name: 'Agents' }).click();
    const row = page.locator('tr[data-extension="1002"]');
    await row.getByTestId('agent-state').getByText('Logged out').waitFor({ timeout: 10_000 });

    // 1002 logs in and goes ready (no phone: the waiting call is not offered), then takes a break.
    app.acd.login(agentId);
    app.acd.setReady(agentId);
    await row.getByTestId('agent-state').getByText('Ready').waitFor({ timeout: 5_000 });
    app.acd.setNotReady(agentId, 'break');
    await row.getByTestId('agent-state').getByText('Not ready').waitFor({ timeout: 5_000 });
    await row.getByText('Break').waitFor();

    await row.click();
    expect(new URL(page.url()).pathname).toBe('/supervisor/agents/1002');
    const drawer = page.getByRole('dialog', { name: /\(1002\) — today/ });
    await drawer.getByTestId('agent-day-timeline').locator('canvas').first().waitFor({ timeout: 10_000 });
    await drawer.getByRole('button', { name: 'Force not ready' }).waitFor();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    expect(new URL(page.url()).pathname).toBe('/supervisor/agents');
  }, 60_000);

  it('TV mode hides the frame until Escape', async () => {
    await page
      .getByRole('navigation', { name: 'Supervision' })
      .getByRole('link', { name: 'Wallboard' })
      .click();
    await page.getByRole('button', { name: 'TV mode' }).click();
    await page.getByRole('button', { name: 'Exit TV mode' }).waitFor();
    expect(new URL(page.url()).searchParams.has('tv')).toBe(true);
    expect(await page.getByTestId('supervisor-header').count()).toBe(0);
    await sales().getByTestId('waiting').getByText('1', { exact: true }).waitFor();
    await sales().getByTestId('agents-not-ready').getByText('1', { exact: true }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'TV mode' }).waitFor();
    await page.getByTestId('supervisor-header').waitFor();
  }, 30_000);

  it('sends an agent who opens /supervisor back to the console', async () => {
    const agentPage = await browser.context.newPage();
    await agentPage.goto(url);
    await submitLogin(agentPage, '1003', 'demo-1003');
    await agentPage.waitForURL(/\/console/, { timeout: 20_000 });
    await agentPage.goto(`${url}/supervisor/wallboard`);
    await agentPage.waitForURL(/\/console/, { timeout: 20_000 });
    expect(await agentPage.getByRole('heading', { name: 'Wallboard' }).count()).toBe(0);
    await agentPage.close();
  }, 60_000);

  it('says the wallboard in Chinese', async () => {
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { name: '实时大屏' }).waitFor();
    await sales().getByText('排队中').waitFor();
    await page.getByRole('button', { name: '电视模式' }).waitFor();
  }, 30_000);
});
