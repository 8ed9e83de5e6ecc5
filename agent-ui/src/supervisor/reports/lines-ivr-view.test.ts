import { describe, expect, it } from 'vitest';
import type { LineIvrFigures } from '@kefu/cti-server/contract';
import { flowNotes, linesChartOption } from './lines-ivr-view.js';

const line: LineIvrFigures = {
  lineId: 'l1',
  dnis: '4008001000',
  name: 'Sales',
  flowId: 'sales-hotline',
  calls: 10,
  ivrCalls: 9,
  ends: { queue: 5, voicemail: 1, callback: 1, hangup: 0, transfer: 0, abandoned: 2, failed: 0 },
  containment: 2 / 9,
  queued: 6,
  meanIvrMs: 12_000,
  medianIvrMs: 11_000,
  steps: [
    {
      step: 'welcome',
      type: 'play',
      entered: 9,
      dropped: 0,
      next: { main_menu: 9 },
      exits: { played: 9 },
      meanMs: 6_000,
    },
    {
      step: 'main_menu',
      type: 'menu',
      entered: 9,
      dropped: 2,
      next: { queue_sales: 5, voicemail: 1 },
      exits: { 'choice:1': 5, 'choice:9': 1, 'caller-hangup': 2, 'noInput:retries-exhausted': 1 },
      meanMs: 4_000,
    },
  ],
  graph: null,
};

describe('lines and IVR view', () => {
  it('stacks queued, self-service, hung up in the IVR and the rest per line', () => {
    const option = linesChartOption(
      { from: 'x', to: 'x', timeZone: 'Asia/Shanghai', lines: [line] },
      { queued: 'Q', selfService: 'S', abandoned: 'A', other: 'O' },
    );
    const series = option.series as Array<{ name: string; data: number[] }>;
    expect(series.map((s) => [s.name, s.data[0]])).toEqual([
      ['Q', 6],
      ['S', 2],
      ['A', 2],
      ['O', 0],
    ]);
  });

  it('writes the step counts on the nodes and the callers on the edges', () => {
    expect(flowNotes(line, { entered: 'in', dropped: 'hung up' })).toEqual({
      nodes: { welcome: 'in 9', main_menu: 'in 9 · hung up 2' },
      edges: { 'welcome>main_menu': '9', 'main_menu>queue_sales': '5', 'main_menu>voicemail': '1' },
    });
  });
});
