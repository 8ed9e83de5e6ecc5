import { describe, expect, it } from 'vitest';
import { demoLines, demoQueues, flows } from '../flows/index.js';
import { FlowRegistry } from './flow-registry.js';
import { checkLineFlows, LineFlowError } from './line-flows.js';

function demoRegistry(): FlowRegistry {
  const registry = new FlowRegistry({ knownQueues: demoQueues });
  for (const flow of Object.values(flows)) registry.register(flow);
  return registry;
}

describe('checkLineFlows', () => {
  it('finds the flows of the seeded demo lines by the ids in Line.ivrFlow', () => {
    const registry = demoRegistry();
    const lines = [
      ...Object.entries(demoLines).map(([dnis, ivrFlow]) => ({ dnis, ivrFlow })),
      { dnis: '4008003000', ivrFlow: null },
    ];
    expect(() => checkLineFlows(lines, registry)).not.toThrow();
    expect(registry.get('sales-hotline')?.definition.start).toBe('identify');
    expect(registry.get('service-hotline')?.definition.start).toBe('identify_by_ani');
    expect(demoLines).toEqual({ '4008001000': 'sales-hotline', '4008002000': 'service-hotline' });
  });

  it('names every line whose flow is not loaded', () => {
    const registry = demoRegistry();
    let error: unknown;
    try {
      checkLineFlows(
        [
          { dnis: '4008001000', ivrFlow: 'sales-hotlin' },
          { dnis: '4008002000', ivrFlow: 'service-hotline' },
          { dnis: '4008009000', ivrFlow: 'night' },
        ],
        registry,
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LineFlowError);
    expect((error as LineFlowError).missing).toEqual([
      { dnis: '4008001000', flowId: 'sales-hotlin' },
      { dnis: '4008009000', flowId: 'night' },
    ]);
    expect((error as Error).message).toContain('line 4008001000: IVR flow "sales-hotlin" is not loaded');
    expect((error as Error).message).toContain('loaded: sales-hotline, service-hotline');
  });
});
