import { describe, expect, it } from 'vitest';
import { simulateFlow } from '../simulate/simulate-flow.js';
import { formatSimulation, resolveFlow } from './simulate.js';

describe('simulate CLI', () => {
  it('resolves a line DNIS or a flow id', () => {
    expect(resolveFlow('4008001000')?.id).toBe('sales-hotline');
    expect(resolveFlow('service-hotline')?.id).toBe('service-hotline');
    expect(resolveFlow('4008003000')).toBeUndefined();
  });

  it('prints the path with keys, prompts and outcome, and says the CRM is fake', async () => {
    const sim = await simulateFlow({
      flow: resolveFlow('4008001000')!,
      ani: '13700000000',
      keys: ['2'],
      at: new Date('2026-11-24T10:00:00+08:00'),
    });
    const text = formatSimulation(sim);
    expect(text).toContain('fake in-memory customer list');
    expect(text).toMatch(/main_menu\s+menu\s+keys 2\s+→ choice:2/);
    expect(text).toContain('▶ menu_sales [zh-CN]');
    expect(text).toContain('outcome: {"kind":"queue","queue":"service","skills":["service"]');
  });
});
