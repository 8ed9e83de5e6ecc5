import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { launchConsoleBrowser, type ConsoleBrowser } from './browser.js';
import { ensureConsoleBuilt } from './console-build.js';

/**
 * Import / Export in the admin workspace (issue 14, configuration as code), in a real browser
 * against the real server: Export downloads the centre; a changed file's dry run shows the
 * change by entity; Apply writes it; a broken file lists its problems and changes nothing.
 */
describe('admin Import / Export in Chromium', () => {
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

  const wrapUp = async () =>
    (await stack.tdb.db.queue.findUniqueOrThrow({ where: { name: 'sales' } })).wrapUpSeconds;
  const upload = async (name: string, text: string) =>
    page.getByTestId('config-file').setInputFiles({
      name,
      mimeType: 'text/yaml',
      buffer: Buffer.from(text),
    });

  it('exports the centre, dry-runs a changed wrap-up, applies it, and refuses a broken file', async () => {
    await page.goto(stack.httpUrl);
    await page.getByLabel('Extension / username').fill('admin');
    await page.getByLabel('Password').fill('demo-admin');
    await page.getByRole('button', { name: 'Log in' }).click();
    const nav = page.getByRole('navigation', { name: 'Administration' });
    await nav.getByRole('link', { name: 'Import / Export' }).click();
    await page.getByRole('heading', { name: 'Configuration as code' }).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^kefu-config-\d{4}-\d{2}-\d{2}\.yaml$/);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text).toMatch(/^version: 1$/m);
    expect(text).not.toContain('demo-');

    // The file as it is: nothing to do.
    await upload('same.yaml', text);
    await page.getByText('No changes: the centre already matches same.yaml.').waitFor();

    const changed = text.replace(/(- name: sales\n(?:.*\n)*?\s+wrapUpSeconds: )30/, '$1' + '75');
    await upload('changed.yaml', changed);
    await page.getByText('Dry run of changed.yaml: 1 queue updated. Nothing has been written yet.').waitFor();
    const row = page.getByRole('row').filter({ hasText: 'wrapUpSeconds' });
    expect(await row.textContent()).toMatch(/sales.*update.*wrapUpSeconds\s*30 → 75/);
    expect(await wrapUp()).toBe(30);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('Applied: 1 queue updated.').waitFor();
    expect(await wrapUp()).toBe(75);

    const broken = changed
      .replace(/wrapUpSeconds: 75/, 'wrapUpSeconds: 90')
      .replace(/(- dnis: "4008003000"\n(?:.*\n)*?\s+queue: )sales/, '$1' + 'salse');
    await upload('broken.yaml', broken);
    const alert = page.getByRole('alert').filter({ hasText: 'broken.yaml has 1 problem' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/lines\[2\]\.queue \(line \d+\): unknown queue "salse"/);
    expect(await wrapUp()).toBe(75);
  }, 90_000);
});
