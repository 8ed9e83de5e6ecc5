// Each alert kind in words, in both languages, from the alert's quoted figures (`values`) and
// what the live board knows of its queue, agent or call. Pure, so it is unit-tested; the
// notifier and the Alerts page share it.
import type { SupervisorAlert, SupervisorBoard } from '../api/types.js';
import { defineCatalog } from '../i18n/catalog.js';
import type { Translate } from '../i18n/i18n-context.js';

export const alertsTextMessages = defineCatalog(
  {
    kind_service_level: 'Service level',
    kind_long_wait: 'Long wait',
    kind_long_not_ready: 'Not ready too long',
    kind_long_wrap_up: 'Wrap-up too long',
    kind_repeated_rona: 'Missed calls',
    kind_stuck_customer: 'Customer stuck',
    serviceLevel: 'Service level {value} % below target {target} % in {queue}',
    longWait: 'Call from {caller} waiting {seconds} s in {queue}',
    longNotReady: 'Agent {agent} not ready {minutes} min ({reason})',
    longNotReadyNoReason: 'Agent {agent} not ready {minutes} min',
    longWrapUp: 'Agent {agent} in wrap-up {minutes} min',
    repeatedRona: 'Agent {agent} missed {count} calls in {window} min',
    stuckCustomer: 'Customer {customer} stuck in "{stage}" {days} days — owner {owner}',
    stuckCustomerNoOwner: 'Customer {customer} stuck in "{stage}" {days} days',
    unknownCaller: 'an unknown number',
    someQueue: 'a queue',
  },
  {
    kind_service_level: '服务水平',
    kind_long_wait: '等待过久',
    kind_long_not_ready: '未就绪过久',
    kind_long_wrap_up: '话后处理过久',
    kind_repeated_rona: '多次未接',
    kind_stuck_customer: '客户停滞',
    serviceLevel: '{queue} 服务水平 {value}%，低于目标 {target}%',
    longWait: '来自 {caller} 的来电已在 {queue} 等待 {seconds} 秒',
    longNotReady: '坐席 {agent} 未就绪已 {minutes} 分钟（{reason}）',
    longNotReadyNoReason: '坐席 {agent} 未就绪已 {minutes} 分钟',
    longWrapUp: '坐席 {agent} 话后处理已 {minutes} 分钟',
    repeatedRona: '坐席 {agent} 在 {window} 分钟内未接 {count} 通来电',
    stuckCustomer: '客户 {customer} 停留在“{stage}”阶段已 {days} 天——负责人 {owner}',
    stuckCustomerNoOwner: '客户 {customer} 停留在“{stage}”阶段已 {days} 天',
    unknownCaller: '未知号码',
    someQueue: '某队列',
  },
);

type Key = keyof (typeof alertsTextMessages)['en'];

/** What the words need besides the catalog. */
export interface AlertWords {
  t: Translate<Key>;
  /** A not-ready reason code in words (the console's catalog). */
  reason(code: string): string;
  /** A lifecycle stage code in words (the console's catalog). */
  stage(code: string): string;
  now: number;
}

const num = (values: SupervisorAlert['values'], ...keys: string[]): number | null => {
  for (const key of keys) {
    const v = values[key];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  }
  return null;
};
const str = (values: SupervisorAlert['values'], ...keys: string[]): string | null => {
  for (const key of keys) {
    const v = values[key];
    if (typeof v === 'string' && v !== '') return v;
  }
  return null;
};
/** A share (0–1) or a percentage, as a whole percentage. */
const percent = (v: number | null) => (v === null ? '?' : String(Math.round(v <= 1 ? v * 100 : v)));

/** The board's row of the alert's queue, agent and call, when it has them. */
function subjects(alert: SupervisorAlert, board: SupervisorBoard | null) {
  return {
    queue: board?.queues.find(
      (q) => q.queueId === alert.queueId || (!alert.queueId && q.queue === alert.queue),
    ),
    agent: board?.agents.find(
      (a) => a.agentId === alert.agentId || (!alert.agentId && a.extension === alert.extension),
    ),
    call: alert.callId ? board?.calls.find((c) => c.callId === alert.callId) : undefined,
  };
}

/** The alert in one sentence: "Call from 13800138000 waiting 95 s in service". */
export function alertText(alert: SupervisorAlert, board: SupervisorBoard | null, words: AlertWords): string {
  const { t, now } = words;
  const v = alert.values;
  const { queue, agent, call } = subjects(alert, board);
  const queueName = queue?.displayName ?? alert.queue ?? call?.queue ?? t('someQueue');
  const agentName = agent
    ? `${agent.extension} ${agent.displayName}`
    : (alert.extension ?? str(v, 'extension', 'agent') ?? '?');
  // Minutes in the agent's state: from the live row while it still holds, else the quoted figure.
  const minutesInState = (state: string) => {
    const since = agent && agent.state === state ? Date.parse(agent.since) : null;
    const quoted = num(v, 'minutes');
    const quotedMs = num(v, 'inStateMs', 'durationMs', 'sinceMs');
    const m =
      since !== null ? (now - since) / 60_000 : (quoted ?? (quotedMs !== null ? quotedMs / 60_000 : 0));
    return Math.max(0, Math.floor(m));
  };
  switch (alert.kind) {
    case 'service_level':
      return t('serviceLevel', {
        value: percent(num(v, 'serviceLevel', 'value')),
        target: percent(num(v, 'target', 'serviceLevelTarget') ?? queue?.serviceLevelTarget ?? null),
        queue: queueName,
      });
    case 'long_wait': {
      const queued = call?.queuedAt && !call.answeredAt ? Date.parse(call.queuedAt) : null;
      const quoted = num(v, 'waitedMs') ?? (num(v, 'waitedSeconds', 'seconds') ?? 0) * 1000;
      return t('longWait', {
        caller: call?.ani ?? str(v, 'ani', 'caller') ?? t('unknownCaller'),
        seconds: Math.floor((queued !== null ? now - queued : quoted) / 1000),
        queue: queueName,
      });
    }
    case 'long_not_ready': {
      const code = (agent?.state === 'not_ready' ? agent.reason : null) ?? str(v, 'reason');
      const vars = { agent: agentName, minutes: minutesInState('not_ready') };
      return code
        ? t('longNotReady', { ...vars, reason: words.reason(code) })
        : t('longNotReadyNoReason', vars);
    }
    case 'long_wrap_up':
      return t('longWrapUp', { agent: agentName, minutes: minutesInState('wrap_up') });
    case 'repeated_rona':
      return t('repeatedRona', {
        agent: agentName,
        count: num(v, 'count', 'misses', 'missed', 'ronaCount') ?? '?',
        window: num(v, 'windowMinutes', 'ronaWindowMinutes') ?? '?',
      });
    case 'stuck_customer': {
      const vars = {
        customer: str(v, 'customerName', 'customer', 'name') ?? alert.customerId ?? '?',
        stage: words.stage(str(v, 'stage', 'lifecycleStage') ?? '?'),
        days: num(v, 'days', 'daysInStage') ?? '?',
      };
      const owner = str(v, 'ownerName', 'owner');
      return owner ? t('stuckCustomer', { ...vars, owner }) : t('stuckCustomerNoOwner', vars);
    }
  }
  return alert.kind;
}

/** Where the alert's subject is shown: the call on Live calls, the agent's day, or nowhere. */
export function alertLink(alert: SupervisorAlert): string | null {
  if (alert.callId) return `/supervisor/calls?call=${encodeURIComponent(alert.callId)}`;
  if (alert.extension) return `/supervisor/agents/${encodeURIComponent(alert.extension)}`;
  if (alert.queueId || alert.queue) return '/supervisor/wallboard';
  return null;
}

/** Critical first, then the oldest. */
export function sortAlerts(alerts: readonly SupervisorAlert[]): SupervisorAlert[] {
  return [...alerts].sort(
    (a, b) =>
      Number(b.level === 'critical') - Number(a.level === 'critical') ||
      a.raisedAt.localeCompare(b.raisedAt) ||
      a.id.localeCompare(b.id),
  );
}
