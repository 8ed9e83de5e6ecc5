import { describe, expect, it } from 'vitest';
import type { SupervisorAlert, SupervisorBoard, WallboardAgent } from '../api/types.js';
import { translate, type Locale } from '../i18n/catalog.js';
import { alertLink, alertText, alertsTextMessages, sortAlerts, type AlertWords } from './alerts-text.js';

const NOW = Date.parse('2026-12-04T10:00:00.000Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString();
const words = (locale: Locale): AlertWords => ({
  t: (key, vars) => translate(locale, alertsTextMessages[locale][key], vars),
  reason: (code) => (locale === 'en' ? { lunch: 'Lunch' } : { lunch: '午餐' })[code] ?? code,
  stage: (code) => (locale === 'en' ? { intent: 'Intent' } : { intent: '意向客户' })[code] ?? code,
  now: NOW,
});
const alert = (over: Partial<SupervisorAlert> & Pick<SupervisorAlert, 'id' | 'kind'>): SupervisorAlert => ({
  level: 'warning',
  raisedAt: ago(10),
  values: {},
  ...over,
});
const agent = (
  extension: string,
  state: WallboardAgent['state'],
  sinceS: number,
  reason: string | null = null,
) =>
  ({
    agentId: `a${extension}`,
    extension,
    displayName: 'Li Na',
    state,
    reason,
    since: ago(sinceS),
  }) as WallboardAgent;

const board = {
  queues: [{ queueId: 'q1', queue: 'sales', displayName: 'Sales', serviceLevelTarget: 0.8 }],
  agents: [agent('1003', 'not_ready', 22 * 60 + 5, 'lunch'), agent('1004', 'wrap_up', 7 * 60)],
  calls: [{ callId: 'c1', ani: '13800138000', queue: 'service', queuedAt: ago(95), answeredAt: null }],
} as unknown as SupervisorBoard;

describe('alert messages', () => {
  it('words each kind in English and Chinese from its figures and the live board', () => {
    const sl = alert({
      id: 'service_level:q1',
      kind: 'service_level',
      queueId: 'q1',
      values: { serviceLevel: 0.62, target: 0.8 },
    });
    expect(alertText(sl, board, words('en'))).toBe('Service level 62 % below target 80 % in Sales');
    expect(alertText(sl, board, words('zh-CN'))).toBe('Sales 服务水平 62%，低于目标 80%');

    const wait = alert({
      id: 'long_wait:c1',
      kind: 'long_wait',
      callId: 'c1',
      queue: 'service',
      values: { waitedMs: 61_000, thresholdSeconds: 60, ani: '' },
    });
    // The live call's queueing time wins over the figure quoted when it was raised: it ticks.
    expect(alertText(wait, board, words('en'))).toBe('Call from 13800138000 waiting 95 s in service');
    expect(alertText(wait, null, words('zh-CN'))).toBe('来自 未知号码 的来电已在 service 等待 61 秒');

    const nr = alert({
      id: 'long_not_ready:a1003',
      kind: 'long_not_ready',
      agentId: 'a1003',
      extension: '1003',
      values: {},
    });
    expect(alertText(nr, board, words('en'))).toBe('Agent 1003 Li Na not ready 22 min (Lunch)');
    expect(alertText(nr, board, words('zh-CN'))).toBe('坐席 1003 Li Na 未就绪已 22 分钟（午餐）');

    const wrap = alert({
      id: 'long_wrap_up:a1004',
      kind: 'long_wrap_up',
      agentId: 'a1004',
      extension: '1004',
    });
    expect(alertText(wrap, board, words('en'))).toBe('Agent 1004 Li Na in wrap-up 7 min');

    const rona = alert({
      id: 'repeated_rona:a1005',
      kind: 'repeated_rona',
      extension: '1005',
      values: { count: 3, windowMinutes: 60 },
    });
    expect(alertText(rona, board, words('en'))).toBe('Agent 1005 missed 3 calls in 60 min');
    expect(alertText(rona, board, words('zh-CN'))).toBe('坐席 1005 在 60 分钟内未接 3 通来电');

    const stuck = alert({
      id: 'stuck_customer:k1',
      kind: 'stuck_customer',
      customerId: 'k1',
      values: { customer: '王芳', stage: 'intent', days: 40, owner: 'Li Na' },
    });
    expect(alertText(stuck, board, words('en'))).toBe(
      'Customer 王芳 stuck in "Intent" 40 days — owner Li Na',
    );
    expect(alertText(stuck, board, words('zh-CN'))).toBe(
      '客户 王芳 停留在“意向客户”阶段已 40 天——负责人 Li Na',
    );
  });

  it('links to the call or the agent and lists critical alerts first, oldest first', () => {
    expect(alertLink(alert({ id: 'x', kind: 'long_wait', callId: 'c 1' }))).toBe(
      '/supervisor/calls?call=c%201',
    );
    expect(alertLink(alert({ id: 'y', kind: 'long_wrap_up', extension: '1004' }))).toBe(
      '/supervisor/agents/1004',
    );
    const a = alert({ id: 'a', kind: 'long_wait', raisedAt: ago(5) });
    const b = alert({ id: 'b', kind: 'long_wait', raisedAt: ago(50) });
    const c = alert({ id: 'c', kind: 'service_level', level: 'critical', raisedAt: ago(1) });
    expect(sortAlerts([a, b, c]).map((x) => x.id)).toEqual(['c', 'b', 'a']);
  });
});
