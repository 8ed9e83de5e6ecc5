import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FlowValidationError,
  LineFlowError,
  demoLines,
  salesHotline,
  type FlowDefinition,
} from '@kefu/ivr-flows';
import { loadIvrFlows } from './load-ivr-flows.js';

const seededLines = [
  ...Object.entries(demoLines).map(([dnis, ivrFlow]) => ({ dnis, ivrFlow })),
  { dnis: '4008003000', ivrFlow: null },
];
const seededQueues = ['sales', 'service', 'complaints'];

/** The sales flow whose key 1 goes to `queue` instead of sales. */
function salesVariant(queue: string): FlowDefinition {
  return {
    ...salesHotline,
    steps: { ...salesHotline.steps, queue_sales: { type: 'queue', queue, skills: ['sales'] } },
  };
}
const moduleText = (flow: FlowDefinition) => `export const flow = ${JSON.stringify(flow)};\n`;

describe('loadIvrFlows', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kefu-ivr-flows-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the seeded lines with the built-in flows', async () => {
    const { registry, close } = await loadIvrFlows({ knownQueues: seededQueues, lines: seededLines });
    close();
    expect(registry.flowIds()).toEqual(['sales-hotline', 'service-hotline']);
    expect(registry.get('sales-hotline')).toMatchObject({ version: 1, source: 'built-in' });
  });

  it('fails the start naming the line whose flow id is unknown', async () => {
    await expect(
      loadIvrFlows({ knownQueues: seededQueues, lines: [{ dnis: '4008005000', ivrFlow: 'vip-hotline' }] }),
    ).rejects.toThrow(LineFlowError);
  });

  it('fails the start naming flow and step when a flow hands calls to a missing queue', async () => {
    const failure = loadIvrFlows({ knownQueues: ['sales'], lines: seededLines });
    await expect(failure).rejects.toThrow(FlowValidationError);
    await expect(failure).rejects.toThrow(
      'sales-hotline (built-in):\n  - step "queue_service": unknown queue "service"',
    );
  });

  it('fails the start naming the file of a broken flow in the flows directory', async () => {
    await writeFile(join(dir, 'sales.json'), JSON.stringify(salesVariant('presales')));
    await expect(loadIvrFlows({ knownQueues: seededQueues, lines: seededLines, dir })).rejects.toThrow(
      `sales-hotline (${join(dir, 'sales.json')}):\n  - step "queue_sales": unknown queue "presales"`,
    );
  });

  it('overrides a built-in flow from the directory and hot-reloads it; a bad edit keeps the last good one', async () => {
    const file = join(dir, 'sales.mjs');
    await writeFile(file, moduleText(salesVariant('complaints')));
    const messages: string[] = [];
    let notify = (): void => undefined;
    const { registry, close } = await loadIvrFlows({
      knownQueues: seededQueues,
      lines: seededLines,
      dir,
      log: (_level, message) => {
        messages.push(message);
        notify();
      },
    });
    const next = () => new Promise<void>((resolve) => (notify = resolve));
    try {
      const atStart = registry.get('sales-hotline');
      expect(atStart).toMatchObject({ version: 2, source: file });
      let event = next();
      await writeFile(file, moduleText(salesVariant('service')));
      await event;
      expect(registry.get('sales-hotline')?.version).toBe(3);
      expect(registry.get('sales-hotline')?.definition.steps.queue_sales).toMatchObject({ queue: 'service' });
      // A call that started on version 2 still holds that machine.
      expect(atStart?.definition.steps.queue_sales).toMatchObject({ queue: 'complaints' });

      event = next();
      await writeFile(file, moduleText(salesVariant('nowhere')));
      await event;
      expect(messages.at(-1)).toMatch(/edit rejected/);
      expect(registry.get('sales-hotline')?.version).toBe(3);
    } finally {
      close();
    }
  });
});
