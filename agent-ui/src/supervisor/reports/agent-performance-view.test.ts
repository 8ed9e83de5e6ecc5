import { describe, expect, it } from 'vitest';
import type { AgentPerformanceReport, AgentPerformanceRow } from '@kefu/cti-server/contract';
import { agentTimeChartOption } from './agent-performance-view.js';

const row = (
  extension: string,
  loggedInMs: number,
  notReadyMs: number,
  busyMs: number,
): AgentPerformanceRow => ({
  agentId: `id-${extension}`,
  extension,
  displayName: `Agent ${extension}`,
  team: 'sales',
  handled: 0,
  ahtMs: null,
  talkMs: null,
  holdMs: null,
  wrapMs: null,
  loggedInMs,
  notReadyMs,
  busyMs,
  notReadyByReason: {},
  occupancy: null,
  utilisation: null,
  ringNoAnswer: 0,
  transfers: 0,
  dispositions: {},
  followUpsCreated: 0,
  followUpsDone: 0,
});

describe('agent time chart', () => {
  it('stacks busy, not-ready and available hours per logged-in agent', () => {
    const report: AgentPerformanceReport = {
      from: '2026-12-03',
      to: '2026-12-03',
      timeZone: 'Asia/Shanghai',
      agents: [row('1001', 8 * 3_600_000, 3_600_000, 5 * 3_600_000), row('1002', 0, 0, 0)],
    };
    const option = agentTimeChartOption(report, { busy: 'B', notReady: 'N', available: 'A' });
    expect((option.xAxis as { data: string[] }).data).toEqual(['1001 Agent 1001']);
    const series = option.series as Array<{ name: string; data: number[] }>;
    expect(series.map((s) => [s.name, s.data])).toEqual([
      ['B', [5]],
      ['N', [1]],
      ['A', [2]],
    ]);
  });
});
