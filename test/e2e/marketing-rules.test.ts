import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { launchConsoleBrowser, submitLogin, type ConsoleBrowser } from './browser.js';
import { ensureConsoleBuilt } from './console-build.js';

/**
 * The marketing workspace's cross-sell rule editor in a real browser against the real server
 * (issue 16): mkt1 lands on /marketing, writes "owns KF-ROUTER-100 and tier ≥ 2 → Cloud backup";
 * the live Matching customers count equals an SQL count written here, independent of the
 * server's query builder; the saved rule is offered to the VIP caller (王芳). Then an offer
 * experiment between two rules is started and its results name the test; the Conversion page
 * draws its charts and its rules CSV holds the table's figures; the pages in Chinese.
 */
describe('marketing cross-sell rules in Chromium', () => {
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

  it('creates "owns KF-ROUTER-100 and tier ≥ 2 → Cloud backup" with the matching count of an SQL count', async () => {
    await page.goto(stack.httpUrl);
    await submitLogin(page, 'mkt1', 'demo-mkt1');
    await page.waitForURL(/\/marketing\/scripts/, { timeout: 15_000 });
    await page
      .getByRole('navigation', { name: 'Marketing' })
      .getByRole('link', { name: 'Cross-sell rules' })
      .click();
    await page.getByRole('button', { name: 'New rule' }).click();
    const drawer = page.getByRole('dialog', { name: 'New rule' });
    const count = drawer.getByRole('status').or(drawer.getByTestId('matching-customers'));
    const [{ total }] = await stack.tdb.db.$queryRaw<[{ total: number | bigint }]>`
      SELECT COUNT(*) AS total FROM "Customer"`;
    // No condition yet: every customer.
    await expect.poll(() => count.first().textContent(), { timeout: 10_000 }).toBe(String(Number(total)));

    await drawer.getByLabel('Name', { exact: true }).fill('Router owners, tier 2+ → Cloud backup');
    const pick = async (label: string, text: string) => {
      await drawer.getByLabel(label, { exact: true }).click();
      await drawer.getByLabel(label, { exact: true }).fill(text);
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option')
        .filter({ hasText: text })
        .first()
        .click();
    };
    await pick('Offer', 'KF-CLOUD-1Y');
    await pick('Owns product', 'KF-ROUTER-100');
    await drawer.getByLabel('VIP tier at least').fill('2');
    await drawer.getByLabel('Pitch (中文)').fill('您的路由器数据可以自动云备份，首年优惠。');
    await drawer
      .getByLabel('Pitch (English)')
      .fill('Back up your router settings to the cloud, first year at a discount.');

    // Independent of the server's Prisma query: plain SQL over orders not cancelled or returned.
    const [{ matching }] = await stack.tdb.db.$queryRaw<[{ matching: number | bigint }]>`
      SELECT COUNT(DISTINCT c."id") AS matching FROM "Customer" c
      JOIN "Order" o ON o."customerId" = c."id" AND o."status" NOT IN ('cancelled', 'returned')
      JOIN "OrderItem" i ON i."orderId" = o."id"
      JOIN "Product" p ON p."id" = i."productId" AND p."sku" = 'KF-ROUTER-100'
      WHERE c."vipTier" >= 2`;
    expect(Number(matching)).toBeGreaterThan(0);
    await expect.poll(() => count.first().textContent(), { timeout: 10_000 }).toBe(String(Number(matching)));
    await drawer.getByRole('cell', { name: '王芳' }).waitFor();

    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.waitFor({ state: 'hidden' });
    await page.getByRole('row').filter({ hasText: 'Router owners, tier 2+ → Cloud backup' }).waitFor();

    // The VIP caller is offered it (the console's offers panel reads this).
    const vip = await stack.tdb.db.customer.findFirstOrThrow({
      where: { name: '王芳' },
      select: { id: true },
    });
    const res = await stack.app.inject({
      url: `/api/customers/${vip.id}/offers?lang=en`,
      headers: await stack.headers('1002'),
    });
    const offers = res.json() as Array<{ name: string; pitch: string; product: { sku: string } }>;
    expect(offers.find((o) => o.name === 'Router owners, tier 2+ → Cloud backup')).toMatchObject({
      product: { sku: 'KF-CLOUD-1Y' },
      pitch: 'Back up your router settings to the cloud, first year at a discount.',
    });
  }, 90_000);

  it('starts an offer experiment between two rules, and exports the conversion per rule as CSV', async () => {
    const nav = page.getByRole('navigation', { name: 'Marketing' });
    await nav.getByRole('link', { name: 'Experiments' }).click();
    await page.getByRole('button', { name: 'New experiment' }).click();
    const dialog = page.getByRole('dialog', { name: 'New experiment' });
    await dialog.getByLabel('Name', { exact: true }).fill('Cloud vs Care Plus');
    const pick = async (label: string, text: string) => {
      await dialog.getByLabel(label, { exact: true }).click();
      await dialog.getByLabel(label, { exact: true }).fill(text);
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option')
        .filter({ hasText: text })
        .first()
        .click();
    };
    await pick('Variant A', 'Router owners, tier 2+ → Cloud backup');
    await pick('Variant B', 'Router owners → Care Plus');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByRole('row').filter({ hasText: 'Cloud vs Care Plus' });
    await row.getByRole('button', { name: 'Start' }).click();
    await row.getByText('Running').waitFor();
    const stored = await stack.tdb.db.experiment.findFirstOrThrow({ where: { name: 'Cloud vs Care Plus' } });
    expect(stored).toMatchObject({ kind: 'offer', status: 'running', shareA: 50 });
    // Its results per variant, with the verdict naming the test used.
    await row.getByRole('button', { name: 'Results' }).click();
    const results = page.getByRole('region', { name: 'Results' });
    await results.getByRole('cell', { name: 'A · Router owners, tier 2+ → Cloud backup' }).waitFor();
    await results.getByRole('cell', { name: 'B · Router owners → Care Plus' }).waitFor();
    expect(await results.getByTestId('significance-conversion').textContent()).toMatch(
      /^Conversion: .*two-proportion z-test, two-sided, pooled/,
    );

    await nav.getByRole('link', { name: 'Conversion' }).click();
    await page.getByRole('heading', { name: 'Conversion' }).waitFor();
    // The charts draw on a canvas.
    await page.locator('canvas').first().waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV · Cross-sell rules' }).click();
    const csv = await readFile((await (await download).path())!, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(csv.slice(1));
    expect(header).toEqual(['ruleId', 'name', 'active', 'offered', 'accepted', 'declined', 'conversionRate']);
    expect(rows.length).toBe(await stack.tdb.db.crossSellRule.count());
    expect(rows.map((r) => r[1])).toContain('Router owners, tier 2+ → Cloud backup');
    // Every CSV row is the table's row of that rule: offered, accepted, declined, conversion.
    for (const [, name, , offered, accepted, declined, rate] of rows) {
      const cells = page
        .getByRole('row')
        .filter({ has: page.getByRole('cell', { name: name!, exact: true }) })
        .getByRole('cell');
      expect(await cells.allTextContents()).toEqual([
        name,
        offered,
        accepted,
        declined,
        rate ? `${(Number(rate) * 100).toFixed(1)} %` : '—',
      ]);
    }
    expect(rows.some((r) => Number(r[3]) > 0)).toBe(true);
  }, 60_000);

  it('says the marketing pages in Chinese', async () => {
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { name: '转化' }).waitFor({ timeout: 8_000 });
    await page.getByRole('button', { name: '导出 CSV · 交叉销售规则' }).waitFor({ timeout: 8_000 });
    const nav = page.getByRole('navigation', { name: '营销' });
    await nav.getByRole('link', { name: 'A/B 实验' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Cloud vs Care Plus' });
    await row.getByText('进行中').waitFor({ timeout: 8_000 });
    // Ant Design spaces out a two-character Chinese label ("停 止").
    await row.getByRole('button', { name: /^停\s?止$/ }).waitFor({ timeout: 8_000 });
    await nav.getByRole('link', { name: '交叉销售规则' }).click();
    await page.getByRole('heading', { name: '交叉销售规则' }).waitFor({ timeout: 8_000 });
    await page.getByRole('button', { name: '新建规则' }).click();
    const drawer = page.getByRole('dialog', { name: '新建规则' });
    await expect
      .poll(() => drawer.getByRole('status', { name: '匹配客户数' }).textContent(), { timeout: 10_000 })
      .toMatch(/^\d+$/);
    await drawer.getByRole('button', { name: /^保\s?存$/ }).waitFor({ timeout: 8_000 });
  }, 30_000);
});

/** RFC 4180 rows: quoted cells may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else if (ch !== '\r') cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}
