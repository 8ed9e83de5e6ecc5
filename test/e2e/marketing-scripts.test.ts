import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario, type SippRun } from '../support/sipp.js';
import { launchConsoleBrowser, logInAgent, submitLogin, type ConsoleBrowser } from './browser.js';
import { ensureConsoleBuilt } from './console-build.js';

const SALES_DIRECT = '4008003000'; // straight to the sales queue, no IVR
// The question names the caller by a placeholder the server fills for the call's customer.
const QUESTION = '{customer.name}, are you calling about an order you already placed?';
const ASKED_WANG = '王芳, are you calling about an order you already placed?';

/**
 * The script designer against the real server, with SIPp as the carrier and agent 1002's console
 * in Chromium (issue 16): a call is answered and shows the sales script v1; meanwhile mkt1 adds a
 * question with two branches on the canvas's side panel, makes it the start and publishes v2.
 * The call in progress keeps v1; the next call pops v2, the agent's answers are stored on it and
 * counted in v2's completion figures on the designer's Versions tab. The VIP caller's console
 * shows a rule's offer; accepting it shows in the rule's conversion.
 */
describe('marketing script designer in Chromium with SIPp calls', () => {
  let stack: CtiStack;
  let browser: ConsoleBrowser;
  let agent: Page;
  let mkt: Page;
  const carriers: SippRun[] = [];

  beforeAll(async () => {
    const dist = ensureConsoleBuilt();
    stack = await startCtiStack('sqlite', { UI_DIST: dist });
    browser = await launchConsoleBrowser('en-US');
    // Sessions live in sessionStorage: two pages of one browser are two users.
    agent = await browser.context.newPage();
    mkt = await browser.context.newPage();
  }, 120_000);
  afterAll(async () => {
    for (const c of carriers) c.stop();
    await browser?.close();
    await stack?.close();
  });

  const agentState = async () =>
    (
      (await stack.app.inject({ url: '/api/agents/1002', headers: await stack.headers('1002') })).json() as {
        state: string;
      }
    ).state;
  const call = async () => {
    const run = await runSipp({
      scenarioFile: scenario('carrier-call-until-bye.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: SALES_DIRECT,
      vars: { ani: '13800138000' },
      timeoutSeconds: 90,
    });
    carriers.push(run);
    await agent.locator('[data-testid=phone-call][data-phase=ringing]').waitFor({ timeout: 15_000 });
    const callId = (await agent.getByTestId('screen-pop').getAttribute('data-call-id'))!;
    await agent.getByRole('button', { name: 'Answer', exact: true }).click();
    await agent.locator('[data-testid=phone-call][data-phase=connected]').waitFor({ timeout: 10_000 });
    return { run, callId };
  };
  const scriptPanel = () => agent.getByTestId('script-panel');
  /** An Ant Design select: open it by its label, type to filter, pick the option. */
  const choose = async (page: Page, label: string, option: string) => {
    // The chosen value's label sits over the search input: click through it.
    await page.getByLabel(label, { exact: true }).click({ force: true });
    await page.getByLabel(label, { exact: true }).fill(option);
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: option })
      .first()
      .click();
  };

  it('publishes v2 with a new question; the call in progress keeps v1, the next pops v2 and counts its answers', async () => {
    await logInAgent(agent, stack.httpUrl, '1002');
    await agent.getByRole('button', { name: 'Ready', exact: true }).click();
    await eventually(async () => (await agentState()) === 'ready');
    const first = await call();
    await scriptPanel().getByText(/· v1$/).waitFor({ timeout: 10_000 });
    // One key serves both consoles: the English console gets the Chinese script's translation.
    expect(await scriptPanel().getByTestId('script-text').textContent()).toMatch(
      /^Hello, thank you for calling our sales line, this is /,
    );

    // mkt1 opens the sales script in the designer and adds the question.
    await mkt.goto(stack.httpUrl);
    await submitLogin(mkt, 'mkt1', 'demo-mkt1');
    await mkt.waitForURL(/\/marketing\/scripts/, { timeout: 15_000 });
    await mkt.getByRole('link', { name: 'sales-inbound', exact: true }).first().click();
    await mkt.getByTestId('script-node-greet').waitFor({ timeout: 10_000 });
    await mkt.getByRole('button', { name: 'Add node' }).click();
    await mkt.getByTestId('script-node-n1').waitFor();
    await mkt.getByLabel('Text', { exact: true }).fill(QUESTION);
    await mkt.getByRole('button', { name: 'Add answer' }).click();
    await mkt.getByRole('button', { name: 'Add answer' }).click();
    await mkt.getByLabel('Answer 1', { exact: true }).fill('Yes, an order');
    await choose(mkt, 'Answer 1 leads to', 'purpose');
    // Answer 2 keeps its default: the end of the script.
    await mkt.getByLabel('Answer 2', { exact: true }).fill('No, something new');
    await mkt.getByRole('button', { name: 'Make start node' }).click();
    // The canvas draws the branch to a node as a labelled edge, and both answers on the card.
    await mkt.locator('.react-flow__edge').filter({ hasText: 'Yes, an order' }).waitFor();
    await mkt.getByTestId('script-node-n1').getByText('No, something new').waitFor();
    // The server's check runs as the author types: n1 has no English translation yet.
    await mkt.getByTestId('script-problem').filter({ hasText: 'n1' }).first().waitFor({ timeout: 10_000 });
    await mkt.getByRole('button', { name: 'Publish' }).click();
    await mkt.getByText('Published v2').waitFor({ timeout: 10_000 });
    // The preview is the console's walk for a chosen demo customer.
    await mkt.getByRole('button', { name: 'Preview' }).click();
    const preview = mkt.getByRole('dialog', { name: 'Preview' });
    await preview.getByLabel('Demo customer').click();
    await preview.getByLabel('Demo customer').fill('王芳');
    await mkt
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: '王芳' })
      .first()
      .click();
    await expect
      .poll(() => preview.getByTestId('script-text').textContent(), { timeout: 10_000 })
      .toBe(ASKED_WANG);
    await preview.getByRole('button', { name: 'No, something new' }).click();
    await preview.getByText('End of script').waitFor();
    await preview.getByRole('button', { name: 'Close' }).click();
    await preview.waitFor({ state: 'hidden' });
    const v2 = await stack.tdb.db.callScript.findUniqueOrThrow({
      where: { key_version: { key: 'sales-inbound', version: 2 } },
    });
    expect(v2).toMatchObject({ status: 'published', active: true });
    expect((v2.content as { start: string }).start).toBe('n1');

    // The call in progress keeps v1, on screen and on the server.
    await agent.waitForTimeout(500);
    await scriptPanel().getByText(/· v1$/).waitFor();
    const kept = await stack.app.inject({
      url: `/api/scripts/for-call/${first.callId}?lang=en`,
      headers: await stack.headers('1002'),
    });
    expect(kept.json().script.version).toBe(1);
    await agent.getByRole('button', { name: 'Hang up', exact: true }).click();
    expect((await first.run.done).code).toBe(0);
    await agent.getByRole('button', { name: 'Save and go Ready' }).click();
    await eventually(async () => (await agentState()) === 'ready');

    // A rule for the VIP caller (王芳 owns KF-ROUTER-100, tier 3; she has an open complaint, so
    // the rule must not be suppressed by one), written through the API as mkt1.
    const rule = await stack.app.inject({
      method: 'POST',
      url: '/api/cross-sell-rules',
      headers: await stack.headers('mkt1'),
      payload: {
        name: 'Router owners, tier 2+ → Cloud backup',
        conditions: { ownsSku: 'KF-ROUTER-100', minVipTier: 2 },
        offerSku: 'KF-CLOUD-1Y',
        pitch: '您的路由器可以加配一年云备份。',
        pitchEn: 'Add a year of cloud backup to your router.',
        priority: 1000,
        suppressOnOpenComplaint: false,
      },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const ruleId = (rule.json() as { id: string }).id;

    // The next call pops v2; the agent walks it to the end.
    const second = await call();
    await scriptPanel().getByText(/· v2$/).waitFor({ timeout: 10_000 });
    expect(await scriptPanel().getByTestId('script-text').textContent()).toBe(ASKED_WANG);
    await scriptPanel().getByRole('button', { name: 'Yes, an order' }).waitFor();
    await scriptPanel().getByRole('button', { name: 'No, something new' }).click();
    await scriptPanel().getByText('End of script').waitFor();
    const stored = await eventually(async () => {
      const row = await stack.tdb.db.interaction.findUniqueOrThrow({ where: { callId: second.callId } });
      return row.scriptAnswers ? row : null;
    });
    expect(stored).toMatchObject({ scriptKey: 'sales-inbound', scriptVersion: 2 });
    expect(stored.scriptAnswers).toMatchObject({
      scriptKey: 'sales-inbound',
      version: 2,
      answers: [{ nodeId: 'n1', answer: 'No, something new' }],
    });
    // The VIP's console shows the new rule's offer; she accepts it.
    const offer = agent
      .getByTestId('offer')
      .filter({ hasText: 'Add a year of cloud backup to your router.' });
    await offer.getByText('Cloud backup 1 year').waitFor({ timeout: 10_000 });
    await offer.getByRole('button', { name: 'Accepted' }).click();
    await expect
      .poll(() => offer.getByRole('button', { name: 'Accepted' }).getAttribute('aria-pressed'))
      .toBe('true');
    await agent.getByRole('button', { name: 'Hang up', exact: true }).click();
    expect((await second.run.done).code).toBe(0);
    const conversion = await stack.app.inject({
      url: '/api/marketing/conversion',
      headers: await stack.headers('mkt1'),
    });
    expect(
      (conversion.json() as { rules: { ruleId: string }[] }).rules.find((r) => r.ruleId === ruleId),
    ).toMatchObject({ offered: 0, accepted: 1, declined: 0, conversionRate: 1 });

    // v2's figures on the designer's Versions tab: one call, walked to the end, its answer
    // counted on the new question, the offer accepted on it.
    await mkt.getByRole('tab', { name: 'Versions' }).click();
    await mkt.getByRole('button', { name: 'Figures v2' }).click();
    const figures = mkt.getByTestId('version-figures');
    await figures.waitFor({ timeout: 10_000 });
    const cell = (label: string) =>
      figures
        .locator('.ant-descriptions-item-label', { hasText: label })
        .locator('xpath=following-sibling::td[1]');
    expect(await cell('Calls').textContent()).toBe('1');
    expect(await cell('With answers').textContent()).toBe('1');
    expect(await cell('Completed').textContent()).toBe('1');
    expect(await cell('Completion').textContent()).toBe('100.0 %');
    expect(await cell('Offers accepted').textContent()).toBe('1');
    await figures.getByRole('row').filter({ hasText: 'No, something new: 1' }).waitFor();
  }, 150_000);

  it('creates a new script as a draft no call sees, publishes it, and speaks Chinese', async () => {
    await mkt.getByRole('link', { name: /All scripts/ }).click();
    await mkt.getByRole('button', { name: 'New script' }).click();
    const dialog = mkt.getByRole('dialog', { name: 'New script' });
    await dialog.getByLabel('Key (letters, digits, - and _)').fill('vip-welcome');
    await dialog.getByLabel('Title').fill('VIP welcome');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await mkt.getByTestId('script-node-start').waitFor({ timeout: 10_000 });
    await mkt.getByRole('button', { name: 'Save' }).click();
    const draft = await eventually(() =>
      stack.tdb.db.callScript.findFirst({ where: { key: 'vip-welcome', version: 1 } }),
    );
    expect(draft).toMatchObject({ status: 'draft', publishedAt: null, title: 'VIP welcome' });
    await mkt.getByTestId('designer-state').getByText('Editing the draft of v1').waitFor();
    await mkt.getByRole('button', { name: 'Publish' }).click();
    await mkt.getByText('Published v1').waitFor({ timeout: 10_000 });
    expect(
      await stack.tdb.db.callScript.findFirstOrThrow({ where: { key: 'vip-welcome', version: 1 } }),
    ).toMatchObject({ status: 'published' });

    await mkt.getByTestId('language-switch').click();
    await mkt.getByRole('button', { name: '添加节点' }).waitFor({ timeout: 8_000 });
    await mkt.getByRole('tab', { name: '异议与建议' }).waitFor();
    await mkt.getByRole('button', { name: /^预\s?览$/ }).waitFor();
  }, 30_000);
});
