import { parseArgs } from 'node:util';
import type { FlowDefinition } from '../flow-definition.js';
import { demoLines, flows } from '../flows/index.js';
import { toGraph } from '../graph/to-graph.js';
import { simulateFlow, type SimulationResult } from '../simulate/simulate-flow.js';

const USAGE = `usage: tsx ivr-flows/src/cli/simulate.ts <line-dnis-or-flow-id> --ani 13800138000 [--keys 1,2#]
       [--at 2026-11-24T10:00:00+08:00] [--customer-tier 3] [--hangup-at <step>] [--json] [--graph]
  --keys   comma-separated key groups; each group is typed when the flow next waits for input`;

export function resolveFlow(target: string): FlowDefinition | undefined {
  return flows[demoLines[target] ?? target];
}

function formatOffset(ms: number): string {
  return `+${(ms / 1000).toFixed(2).padStart(6)}s`;
}

export function formatSimulation(sim: SimulationResult): string {
  const { result } = sim;
  const lines = [`flow ${result.flowId}`];
  lines.push(
    sim.usedFakeCustomers
      ? 'customer lookups: fake in-memory customer list (simulator), not the database'
      : 'customer lookups: provided lookup function',
  );
  if (result.customer) lines.push(`customer: ${result.customer.name} (tier ${result.customer.vipTier})`);
  const start = result.path[0]?.enteredAt ?? 0;
  lines.push('path:');
  for (const [index, entry] of result.path.entries()) {
    const extras = [
      entry.keys && `keys ${entry.keys}`,
      entry.retries > 0 && `retries ${entry.retries}`,
      entry.result && `→ ${entry.result}`,
    ].filter(Boolean);
    lines.push(
      `  ${formatOffset(entry.enteredAt - start)}  ${entry.step.padEnd(22)} ${entry.type.padEnd(12)} ${extras.join('  ')}`,
    );
    for (const prompt of sim.prompts.filter((p) => p.pathIndex === index)) {
      lines.push(`             ▶ ${prompt.prompt} [${prompt.language}] ${prompt.text}`);
    }
  }
  lines.push(`outcome: ${JSON.stringify(result.outcome)}`);
  lines.push(`duration: ${(result.durationMs / 1000).toFixed(2)}s`);
  if (sim.unusedKeys.length > 0) lines.push(`unused keys: ${sim.unusedKeys.join(',')}`);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ani: { type: 'string', default: '13800138000' },
      keys: { type: 'string', default: '' },
      at: { type: 'string' },
      'customer-tier': { type: 'string' },
      'hangup-at': { type: 'string' },
      json: { type: 'boolean', default: false },
      graph: { type: 'boolean', default: false },
    },
  });
  const target = positionals[0];
  const flow = target === undefined ? undefined : resolveFlow(target);
  if (!flow) {
    console.error(
      `${USAGE}\nknown lines: ${Object.keys(demoLines).join(', ')}; flows: ${Object.keys(flows).join(', ')}`,
    );
    return 2;
  }
  if (values.graph) {
    console.log(JSON.stringify(toGraph(flow), null, 2));
    return 0;
  }
  const at = values.at === undefined ? new Date() : new Date(values.at);
  if (Number.isNaN(at.getTime())) throw new RangeError(`--at "${values.at}" is not a date`);
  const sim = await simulateFlow({
    flow,
    ani: values.ani,
    dnis: demoLines[target as string] === undefined ? undefined : target,
    keys: values.keys.split(',').filter((k) => k.length > 0),
    at,
    customerTier: values['customer-tier'] === undefined ? undefined : Number(values['customer-tier']),
    hangupAtStep: values['hangup-at'],
  });
  console.log(values.json ? JSON.stringify(sim, null, 2) : formatSimulation(sim));
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
