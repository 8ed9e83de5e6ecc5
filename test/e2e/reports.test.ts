import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { launchConsoleBrowser, submitLogin, type ConsoleBrowser } from './browser.js';
import { ensureConsoleBuilt } from './console-build.js';

/**
 * The supervisor's reports in Chromium (issue 17): sup1 opens Reports, the queue interval report
 * shows yesterday (the demo's seeded traffic, stored as call control stores calls) with its chart
 * and table; the CSV and the XLSX downloaded from the page hold the totals the table shows; the
 * page in Chinese. The report reads stored rows: no call is made.
 */
describe('the queue interval report in Chromium', () => {
  let tdb: TestDatabase;
  let stack: CtiStack;
  let url: string;
  let browser: ConsoleBrowser;
  let page: Page;
  /** Yesterday in the demo centre's zone (Asia/Shanghai, UTC+8). */
  const yesterday = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    const dist = ensureConsoleBuilt();
    tdb = await createTestDatabase('sqlite', 20, { trafficDays: 2 });
    stack = await startCtiStack('sqlite', { UI_DIST: dist }, undefined, { database: tdb });
    url = stack.httpUrl;
    browser = await launchConsoleBrowser('en-US');
    page = await browser.context.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await tdb?.drop();
  });

  /** The table's total rows as the screen shows them, by queue. */
  async function screenTotals() {
    const header = await page.locator('.ant-table-thead th').allInnerTexts();
    const rows = await page.locator('tr.kefu-report-total').all();
    const out = new Map<string, Record<string, string>>();
    for (const row of rows) {
      const cells = await row.locator('td').allInnerTexts();
      out.set(cells[0]!.trim(), Object.fromEntries(header.map((h, i) => [h.trim(), cells[i]!.trim()])));
    }
    return out;
  }

  it("opens yesterday's queue intervals from the navigation, with the chart and a total per queue", async () => {
    await page.goto(url);
    await submitLogin(page, 'sup1', 'demo-sup1');
    await page
      .getByRole('navigation', { name: 'Supervision' })
      .getByRole('link', { name: 'Reports' })
      .click({ timeout: 20_000 });
    await page.getByRole('heading', { name: 'Queue intervals' }).waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).pathname).toBe('/supervisor/reports/queues');
    expect(await page.getByLabel('From').inputValue()).toBe(yesterday);
    expect(await page.getByLabel('To').inputValue()).toBe(yesterday);
    const chart = page.getByRole('img', { name: /^Offered, answered and abandoned calls per interval/ });
    await chart.locator('canvas').first().waitFor({ timeout: 15_000 });
    await page.locator('tr.kefu-report-total').nth(1).waitFor();
    const totals = await screenTotals();
    expect([...totals.keys()].length).toBe(2);
    for (const t of totals.values()) expect(Number(t.Offered)).toBeGreaterThan(20);
  }, 90_000);

  it('exports CSV and XLSX whose totals equal the table on screen', async () => {
    const totals = await screenTotals();
    const download = async (name: string) => {
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name }).click(),
      ]);
      return readFileSync((await file.path())!);
    };

    const csv = (await download('Export CSV')).toString('utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv
      .slice(1)
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    const header = lines[0]!;
    const col = (row: string[], name: string) => row[header.indexOf(name)]!;
    const csvTotals = lines.filter((r) => col(r, 'day') === 'total');
    expect(csvTotals).toHaveLength(totals.size);
    // The screen's percentages are whole (97 %); the file's rates are fractions.
    const pct = (fraction: string) => (fraction === '' ? '—' : `${Math.round(Number(fraction) * 100)} %`);
    for (const row of csvTotals) {
      const screen = totals.get(col(row, 'queue_name'))!;
      expect(screen, col(row, 'queue_name')).toBeDefined();
      expect({
        offered: screen.Offered,
        answered: screen.Answered,
        abandoned: screen.Abandoned,
        shortAbandoned: screen['Short abandons'],
        overflowed: screen.Overflowed,
        handled: screen.Handled,
        serviceLevel: screen['Service level'],
        abandonRate: screen['Abandon rate'],
      }).toEqual({
        offered: col(row, 'offered'),
        answered: col(row, 'answered'),
        abandoned: col(row, 'abandoned'),
        shortAbandoned: col(row, 'short_abandoned'),
        overflowed: col(row, 'overflowed'),
        handled: col(row, 'handled'),
        serviceLevel: pct(col(row, 'service_level')),
        abandonRate: pct(col(row, 'abandon_rate')),
      });
    }

    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await download('Export XLSX')) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const cols = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    let checked = 0;
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const v = (row.values as unknown[]).slice(1);
      if (v[cols.indexOf('day')] !== 'total') return;
      const screen = totals.get(String(v[cols.indexOf('queue_name')]))!;
      expect(v[cols.indexOf('offered')]).toBe(Number(screen.Offered));
      expect(v[cols.indexOf('answered')]).toBe(Number(screen.Answered));
      expect(v[cols.indexOf('abandoned')]).toBe(Number(screen.Abandoned));
      expect(pct(String(v[cols.indexOf('service_level')]))).toBe(screen['Service level']);
      checked++;
    });
    expect(checked).toBe(totals.size);
  }, 60_000);

  it("shows yesterday's agent performance with each agent's time and the agent's own figures", async () => {
    await page.getByRole('tab', { name: 'Agent performance' }).click();
    await page.getByRole('heading', { name: 'Agent performance' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/supervisor/reports/agents');
    await page
      .getByRole('img', { name: /logged-in hours/ })
      .locator('canvas')
      .first()
      .waitFor({ timeout: 15_000 });
    // The server's figures for 1001 are what the row shows.
    const res = await fetch(`${url}/api/reports/agents?from=${yesterday}&to=${yesterday}`, {
      headers: await stack.headers('sup1'),
    });
    const report = (await res.json()) as { agents: Array<{ extension: string; handled: number }> };
    const busiest = [...report.agents].sort((x, y) => y.handled - x.handled)[0]!;
    expect(busiest.handled).toBeGreaterThan(0);
    const row = page.locator('tr', { hasText: busiest.extension }).first();
    await row.waitFor();
    const cells = await row.locator('td').allInnerTexts();
    expect(cells[2]!.trim()).toBe(String(busiest.handled));
  }, 60_000);

  it("draws yesterday's IVR figures over the busiest line's flow", async () => {
    await page.getByRole('tab', { name: 'Lines & IVR' }).click();
    await page.getByRole('heading', { name: 'Lines & IVR' }).waitFor();
    const res = await fetch(`${url}/api/reports/lines?from=${yesterday}&to=${yesterday}`, {
      headers: await stack.headers('sup1'),
    });
    const report = (await res.json()) as {
      lines: Array<{ dnis: string; ivrCalls: number; steps: Array<{ step: string; entered: number }> }>;
    };
    const busiest = [...report.lines].sort((x, y) => y.ivrCalls - x.ivrCalls)[0]!;
    expect(busiest.ivrCalls).toBeGreaterThan(0);
    const diagram = page.getByTestId('ivr-flow-diagram');
    await diagram.waitFor({ timeout: 15_000 });
    const welcome = busiest.steps.find((s) => s.step === 'welcome')!;
    await diagram
      .getByText(new RegExp(`\\bin ${welcome.entered}\\b`))
      .first()
      .waitFor({ timeout: 10_000 });
  }, 60_000);

  it('speaks Chinese', async () => {
    const zh = await launchConsoleBrowser('zh-CN');
    try {
      const p = await zh.context.newPage();
      await p.goto(url);
      await p.getByTestId('login-username').fill('sup1');
      await p.getByTestId('login-password').fill('demo-sup1');
      await p.getByTestId('login-submit').click();
      await p.getByRole('navigation').first().waitFor();
      await p.goto(`${url}/supervisor/reports/queues`);
      await p.getByRole('heading', { name: '队列时段报表' }).waitFor({ timeout: 20_000 });
      await p.getByRole('button', { name: /导出\s*CSV/ }).waitFor();
      await p.getByRole('button', { name: /导出\s*XLSX/ }).waitFor();
      await p.getByRole('tab', { name: '坐席绩效' }).waitFor();
    } finally {
      await zh.close();
    }
  }, 60_000);
});
