import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import type { FlowDefinition } from '../flow-definition.js';
import { FlowValidationError } from '../flow-validation-error.js';
import { demoQueues, salesHotline } from '../flows/index.js';
import { testFlow } from '../test-support/call-harness.js';
import { FlowRegistry, type FlowVersion } from './flow-registry.js';

/** A one-menu flow whose key 1 goes to `queue`. */
const menuFlow = (queue: string, prompt = 'menu_sales'): FlowDefinition => ({
  ...testFlow('menu', {
    menu: { type: 'menu', prompt, choices: { '1': 'handoff' }, onFail: 'bye' },
    handoff: { type: 'queue', queue },
    bye: { type: 'hangup' },
  }),
  id: 'hot',
});

const moduleText = (flow: FlowDefinition) => `export const flow = ${JSON.stringify(flow)};\n`;

describe('FlowRegistry', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kefu-flows-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the last good version when a new one fails validation', () => {
    const registry = new FlowRegistry({ knownQueues: demoQueues });
    registry.register(menuFlow('sales'), 'hot.ts');
    expect(() => registry.register(menuFlow('sales', 'nope'), 'hot.ts')).toThrow(FlowValidationError);
    expect(() => registry.register(menuFlow('billing'), 'hot.ts')).toThrow(/unknown queue "billing"/);
    expect(registry.get('hot')).toMatchObject({ version: 1, source: 'hot.ts' });
  });

  it('lets calls in progress finish on the version they started with', () => {
    const clock = new SimulatedClock();
    const registry = new FlowRegistry({ knownQueues: demoQueues, compile: { now: () => clock.now() } });
    registry.register(menuFlow('sales'));
    const early = registry.startCall('hot', { input: { ani: '1', dnis: '2' }, clock });
    early.actor.start();
    registry.register(menuFlow('service'));
    const late = registry.startCall('hot', { input: { ani: '1', dnis: '2' }, clock });
    late.actor.start();
    for (const call of [early, late]) {
      call.actor.send({ type: 'PROMPT_DONE' });
      call.actor.send({ type: 'DTMF', digit: '1' });
    }
    expect([early.version.version, late.version.version]).toEqual([1, 2]);
    expect(early.actor.getSnapshot().output?.outcome).toMatchObject({ queue: 'sales' });
    expect(late.actor.getSnapshot().output?.outcome).toMatchObject({ queue: 'service' });
  });

  it('reloads a changed module file and rejects a broken edit naming the file', async () => {
    const file = join(dir, 'hot.mjs');
    const registry = new FlowRegistry({ knownQueues: demoQueues });
    await writeFile(file, moduleText(menuFlow('sales')));
    await registry.loadModule(file);
    await writeFile(file, moduleText(menuFlow('service')));
    const [reloaded] = await registry.loadModule(file);
    expect(reloaded).toMatchObject({ version: 2, source: file });
    expect(registry.get('hot')?.definition.steps.handoff).toEqual({ type: 'queue', queue: 'service' });

    await writeFile(file, moduleText(menuFlow('service', 'missing_prompt')));
    await expect(registry.loadModule(file)).rejects.toThrow(`hot (${file})`);
    expect(registry.get('hot')?.version).toBe(2);
  });

  it('reloads a TypeScript flow module (what a server run by tsx watches)', async () => {
    const file = join(dir, 'hot.ts');
    const tsModule = (flow: FlowDefinition) =>
      `const flow: { id: string } & Record<string, unknown> = ${JSON.stringify(flow)};\nexport default flow;\n`;
    const registry = new FlowRegistry({ knownQueues: demoQueues });
    await writeFile(file, tsModule(menuFlow('sales')));
    await registry.loadModule(file);
    await writeFile(file, tsModule(menuFlow('service')));
    await registry.loadModule(file);
    expect(registry.get('hot')).toMatchObject({ version: 2, source: file });
    expect(registry.get('hot')?.definition.steps.handoff).toEqual({ type: 'queue', queue: 'service' });
  });

  it('loads JSON flows and rejects a module without flows', async () => {
    const registry = new FlowRegistry();
    await writeFile(join(dir, 'sales.json'), JSON.stringify(salesHotline));
    await registry.loadModule(join(dir, 'sales.json'));
    expect(registry.flowIds()).toEqual(['sales-hotline']);
    await writeFile(join(dir, 'empty.mjs'), 'export const nothing = 1;\n');
    await expect(registry.loadModule(join(dir, 'empty.mjs'))).rejects.toThrow(/exports no flow/);
  });

  it('watches a directory: loads at start, reloads on change, reports bad edits', async () => {
    const file = join(dir, 'hot.mjs');
    await writeFile(file, moduleText(menuFlow('sales')));
    const loads: FlowVersion[] = [];
    const errors: unknown[] = [];
    let notify = (): void => undefined;
    const registry = new FlowRegistry({
      knownQueues: demoQueues,
      onLoad: (v) => {
        loads.push(v);
        notify();
      },
      onError: (e) => {
        errors.push(e);
        notify();
      },
    });
    const next = () => new Promise<void>((resolve) => (notify = resolve));
    const watcher = await registry.watch(dir, 20);
    try {
      expect(loads.map((v) => v.version)).toEqual([1]);
      let event = next();
      await writeFile(file, moduleText(menuFlow('service')));
      await event;
      expect(registry.get('hot')?.version).toBe(2);
      event = next();
      await writeFile(file, moduleText(menuFlow('service', 'missing_prompt')));
      await event;
      expect(errors).toHaveLength(1);
      expect(registry.get('hot')?.version).toBe(2);
    } finally {
      watcher.close();
    }
  });
});
