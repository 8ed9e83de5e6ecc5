import { describe, expect, it } from 'vitest';
import type { LineIvrFigures } from '@kefu/cti-server/contract';
import { flowNotes, linesChartOption, resultTakes } from './lines-ivr-view.js';

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
    const graph = {
      start: 'welcome',
      nodes: ['welcome', 'main_menu', 'queue_sales', 'queue_operator', 'voicemail'].map((id) => ({
        id,
        type: 'play',
        label: id,
      })),
      edges: [
        { from: 'welcome', to: 'main_menu', label: 'next' },
        { from: 'main_menu', to: 'queue_sales', label: '1' },
        { from: 'main_menu', to: 'voicemail', label: '9' },
        // Two exits to one step: split by the IVR's result.
        { from: 'main_menu', to: 'queue_operator', label: '0' },
        { from: 'main_menu', to: 'queue_operator', label: 'retries exhausted' },
      ],
    };
    expect(flowNotes({ ...line, graph }, { entered: 'in', dropped: 'hung up' })).toEqual({
      nodes: {
        welcome: 'in 9',
        main_menu: 'in 9 · hung up 2',
        queue_sales: 'in 0',
        queue_operator: 'in 0',
        voicemail: 'in 0',
      },
      edges: {
        'welcome>main_menu>next': '9',
        'main_menu>queue_sales>1': '5',
        'main_menu>voicemail>9': '1',
        'main_menu>queue_operator>0': '0',
        'main_menu>queue_operator>retries exhausted': '1',
      },
    });
  });

  it('matches the IVR results to the labels of the exits', () => {
    expect(resultTakes('choice:0', '0')).toBe(true);
    expect(resultTakes('choice:1', '0')).toBe(false);
    expect(resultTakes('invalid:retries-exhausted', 'retries exhausted')).toBe(true);
    expect(resultTakes('lookup-timeout', 'not found')).toBe(true);
    expect(resultTakes('collected', 'digits entered')).toBe(true);
    expect(resultTakes('open', 'open')).toBe(true);
  });
});
