import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { launchConsoleBrowser, submitLogin, switchWorkspace, type ConsoleBrowser } from './browser.js';
import { ensureConsoleBuilt } from './console-build.js';

/** Two seconds of a 440 Hz tone, 44.1 kHz stereo 16-bit. */
function toneWav(): Buffer {
  const rate = 44_100;
  const frames = rate * 2;
  const data = Buffer.alloc(frames * 4);
  for (let f = 0; f < frames; f++) {
    const v = Math.round(12_000 * Math.sin((2 * Math.PI * 440 * f) / rate));
    data.writeInt16LE(v, f * 4);
    data.writeInt16LE(v, f * 4 + 2);
  }
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(2, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 4, 28);
  h.writeUInt16LE(4, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

/**
 * The admin workspace's Queues and Codes pages in a real browser against the real server
 * (issue 14): the admin changes the sales queue's wrap-up time (the running ACD has it at once),
 * uploads music on hold, sees who can serve the queue, adds a not-ready reason the ACD accepts;
 * a supervisor sees queues read-only.
 */
describe('admin queues and codes in Chromium', () => {
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

  it('changes the sales queue’s wrap-up time, uploads its music on hold and lists its members', async () => {
    await page.goto(stack.httpUrl);
    await logIn('admin', 'demo-admin');
    const nav = page.getByRole('navigation', { name: 'Administration' });
    await nav.getByRole('link', { name: 'Queues' }).click({ timeout: 15_000 });
    // The row with the queue's own Edit button: the Agents page the admin lands on also has
    // rows saying "sales" (a team) and may still be on screen for a moment after the click.
    await page.getByRole('button', { name: 'New queue' }).waitFor();
    const sales = page
      .getByRole('row')
      .filter({ has: page.getByRole('button', { name: 'Edit queue sales' }) });
    await sales.getByRole('cell', { name: '30 s' }).waitFor();

    await sales.getByRole('button', { name: 'Edit queue sales' }).click();
    const drawer = page.getByRole('dialog', { name: 'Edit queue sales' });
    await drawer.getByLabel('Display name').waitFor();
    await drawer.getByLabel('Wrap-up time (seconds)').fill('12');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.waitFor({ state: 'hidden' });
    await sales.getByRole('cell', { name: '12 s' }).waitFor();
    const salesId = stack.app.agentDirectory.queueByName('sales')!.id;
    expect(stack.app.acd.engine.queue(salesId)?.wrapUpSeconds).toBe(12);

    await sales.getByRole('button', { name: 'Edit queue sales' }).click();
    await drawer.getByText('Built-in music').waitFor();
    await drawer.locator('input[type=file]').setInputFiles({
      name: 'lounge.wav',
      mimeType: 'audio/wav',
      buffer: toneWav(),
    });
    await drawer.getByText('lounge.wav, 2 s at 8 kHz').waitFor({ timeout: 20_000 });
    const row = await stack.tdb.db.queue.findUniqueOrThrow({
      where: { id: salesId },
      include: { musicOnHold: true },
    });
    expect(row.musicOnHold).toMatchObject({ sampleRate: 8000, durationMs: 2000 });
    await drawer.getByText(/agents? can serve this queue/).waitFor();
    expect(await drawer.getByRole('row').count()).toBeGreaterThan(2);
    await page.keyboard.press('Escape');

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page
      .getByRole('row')
      .filter({ hasText: 'changed queue sales' })
      .first()
      .waitFor({ timeout: 10_000 });
  }, 90_000);

  it('adds a not-ready reason the ACD accepts at once', async () => {
    await page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'Codes' })
      .click();
    const reasons = page.getByRole('region', { name: 'Not-ready reasons' });
    await reasons.getByRole('button', { name: 'Add code' }).click();
    const rows = await reasons.getByRole('textbox', { name: /^Code \d+$/ }).count();
    await reasons.getByRole('textbox', { name: `Code ${rows}` }).fill('paperwork');
    await reasons.getByRole('textbox', { name: `中文 ${rows}` }).fill('文书工作');
    await reasons.getByRole('textbox', { name: `English ${rows}` }).fill('Paperwork');
    await reasons.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved').first().waitFor();
    expect(stack.app.acdSettings.notReadyReasons).toContain('paperwork');
  }, 60_000);

  it('shows supervisors the queues read-only', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await logIn('sup1', 'demo-sup1');
    // Supervisors land on the wallboard; the people screens are their second workspace.
    await switchWorkspace(page, 'Administration');
    const nav = page.getByRole('navigation', { name: 'Administration' });
    await nav.getByRole('link', { name: 'Queues' }).click({ timeout: 15_000 });
    await page.getByText('Supervisors see queues read-only.').waitFor();
    expect(await page.getByRole('button', { name: 'New queue' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Disable' }).count()).toBe(0);
  }, 60_000);
});
