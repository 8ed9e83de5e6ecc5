// The demo centre's past days of traffic, so the reports have something to show on a fresh
// install: calls on the three demo lines through their IVR menus into the sales and service
// queues, answered (some with a hold), abandoned, overflowed to voicemail or a callback; the
// agents' shifts with lunch and breaks. Rows are written as call control, the IVR and the ACD
// store them (Interaction + its event trail, AgentStateEvent, CallbackRequest), so every report
// folds them by its own definitions. Past days only: today's wallboard starts empty, and every
// agent's last state is logged out.
import type { Prisma } from '../../generated/sqlite/index.js';
import type { Db } from '../client.js';
import type { SeededRandom } from './random.js';

export interface TrafficContext {
  rnd: SeededRandom;
  now: number;
  /** DNIS → line id. */
  lineIds: Map<string, string>;
  /** Queue name → id. */
  queueIds: Map<string, string>;
  /** Extension → agent id. */
  agentIds: Map<string, string>;
}

const S = 1_000;
const MIN = 60 * S;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** The demo lines' zone (Line.timeZone's default): UTC+8 all year. */
const ZONE_OFFSET = 8 * HOUR;
/** The queues' maximum wait before the overflow (voicemail or a callback). */
const MAX_WAIT = 150 * S;
/** Calls an hour per queue at the day's peak (10:00 and 14:00). */
const PEAK_PER_HOUR = { sales: 90, service: 75 };
/** The day's shape, 09:00–17:59 local. */
const HOURLY = [0.55, 1, 0.9, 0.6, 0.7, 1, 0.85, 0.7, 0.45];
const DISPOSITIONS = ['resolved', 'info_given', 'sale', 'callback_requested', 'escalated'];

type QueueName = 'sales' | 'service';

interface AgentDay {
  id: string;
  extension: string;
  freeAt: number;
  breaks: Array<{ at: number; ms: number; reason: string }>;
}

interface Rows {
  interactions: Prisma.InteractionCreateManyInput[];
  events: Prisma.InteractionEventCreateManyInput[];
  states: Prisma.AgentStateEventCreateManyInput[];
  callbacks: Prisma.CallbackRequestCreateManyInput[];
}

/** Seeds the `days` local days before today (today excluded). */
export async function seedTraffic(db: Db, ctx: TrafficContext, days: number): Promise<number> {
  const today = localMidnight(ctx.now);
  let calls = 0;
  for (let d = days; d >= 1; d--) {
    const rows = trafficDay(ctx, today - d * DAY);
    calls += rows.interactions.length;
    // Batches keep each statement under SQLite's variable limit.
    for (const part of chunks(rows.interactions, 500)) await db.interaction.createMany({ data: part });
    for (const part of chunks(rows.events, 1_000)) await db.interactionEvent.createMany({ data: part });
    for (const part of chunks(rows.states, 1_000)) await db.agentStateEvent.createMany({ data: part });
    for (const part of chunks(rows.callbacks, 500)) await db.callbackRequest.createMany({ data: part });
  }
  return calls;
}

function trafficDay(ctx: TrafficContext, dayStart: number): Rows {
  const { rnd } = ctx;
  const rows: Rows = { interactions: [], events: [], states: [], callbacks: [] };
  const weekday = new Date(dayStart + ZONE_OFFSET).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  const at = (h: number, m: number) => dayStart + h * HOUR + m * MIN;

  // Shifts: 09:00–18:00 with lunch and an afternoon break; fewer agents at the weekend.
  const teams: Record<QueueName, AgentDay[]> = { sales: [], service: [] };
  for (const [extension, id] of ctx.agentIds) {
    const n = Number(extension);
    const team: QueueName | null =
      n >= 1001 && n <= 1010 ? 'sales' : n >= 1011 && n <= 1020 ? 'service' : null;
    if (!team || !rnd.chance(weekend ? 0.4 : 0.9)) continue;
    const login = at(8, 50) + rnd.int(0, 9 * 60) * S;
    rows.states.push({ agentId: id, state: 'ready', reason: null, at: new Date(login) });
    teams[team].push({
      id,
      extension,
      freeAt: login,
      breaks: [
        { at: at(11, 45) + rnd.int(0, 60) * MIN, ms: rnd.int(30, 45) * MIN, reason: 'lunch' },
        { at: at(15, 0) + rnd.int(0, 60) * MIN, ms: rnd.int(8, 15) * MIN, reason: 'break' },
      ],
    });
  }

  let n = 0;
  const callId = () => `demo-${new Date(dayStart + ZONE_OFFSET).toISOString().slice(0, 10)}-${n++}`;
  for (const queue of ['sales', 'service'] as const) {
    const agents = teams[queue];
    const queueId = ctx.queueIds.get(queue);
    if (!queueId || agents.length === 0) continue;
    const peak = PEAK_PER_HOUR[queue] * (weekend ? 0.35 : 1);
    // Poisson arrivals hour by hour; calls are taken in arrival order (the queue is FIFO).
    const arrivals: number[] = [];
    HOURLY.forEach((shape, h) => {
      const rate = (peak * shape) / HOUR;
      for (let t = at(9 + h, 0) + exponential(rnd, rate); t < at(10 + h, 0); t += exponential(rnd, rate))
        arrivals.push(Math.round(t));
    });
    for (const arrival of arrivals) {
      const id = rnd.digits(24);
      const direct = queue === 'sales' && rnd.chance(0.12);
      const dnis = direct ? '4008003000' : queue === 'sales' ? '4008001000' : '4008002000';
      const ani = `+86139${rnd.digits(8)}`;
      const trail: Rows['events'] = [];
      const event = (type: string, data: Prisma.InputJsonObject, when: number) =>
        trail.push({ interactionId: id, type, data, at: new Date(when) });
      const row: Prisma.InteractionCreateManyInput = {
        id,
        callId: callId(),
        direction: 'inbound',
        ani,
        dnis,
        lineId: ctx.lineIds.get(dnis) ?? null,
        offeredAt: new Date(arrival),
      };
      event('received', { sipCallId: `${rnd.digits(12)}@carrier.example`, trunk: 'carrier' }, arrival);

      // The IVR (the demo flows' own steps), then the queue.
      let queuedAt = arrival + 300;
      if (!direct) {
        const ivr = ivrPath(rnd, queue, arrival);
        row.ivrPath = ivr.path as unknown as Prisma.InputJsonValue;
        event('ivr_started', { flow: `${queue}-hotline` }, arrival + 200);
        for (const step of ivr.path) event('ivr_step', { ...step }, step.leftAt ?? step.enteredAt);
        event('ivr_done', { flowId: `${queue}-hotline`, outcome: ivr.outcome }, ivr.endsAt);
        if (ivr.outcome.kind === 'abandoned') {
          event('ended', { endedBy: 'caller', sipCause: 200 }, ivr.endsAt);
          rows.interactions.push({ ...row, endedAt: new Date(ivr.endsAt), endedBy: 'caller', sipCause: 200 });
          rows.events.push(...trail);
          continue;
        }
        queuedAt = ivr.endsAt;
      }
      row.queueId = queueId;
      event('queued', { queueId }, queuedAt);

      // The agent free first; the caller waits for them, or gives up, or overflows.
      const offer = agents
        // The ACD offers a moment after the agent is free (its next routing pass).
        .map((a) => ({ agent: a, at: availableAt(a, queuedAt) + 200 }))
        .sort((x, y) => x.at - y.at)[0]!;
      const answerAt = offer.at + rnd.int(2, 6) * S;
      const patience = Math.max(2 * S, Math.round(exponential(rnd, 1 / (70 * S))));
      if (queuedAt + patience < Math.min(answerAt, queuedAt + MAX_WAIT)) {
        const end = queuedAt + patience;
        event('ended', { endedBy: 'caller', sipCause: 487 }, end);
        rows.interactions.push({ ...row, endedAt: new Date(end), endedBy: 'caller', sipCause: 487 });
        rows.events.push(...trail);
        continue;
      }
      if (answerAt - queuedAt > MAX_WAIT) {
        const over = queuedAt + MAX_WAIT;
        const target = rnd.chance(0.5) ? 'callback' : 'voicemail';
        event('overflow', { target }, over);
        if (target === 'callback') {
          event(
            'callback_requested',
            { number: ani, queueId, customerId: null, source: 'overflow' },
            over + 8 * S,
          );
          rows.callbacks.push({
            number: ani,
            queueId,
            interactionId: id,
            source: 'overflow',
            requestedAt: new Date(over + 8 * S),
            ...(rnd.chance(0.8)
              ? { status: 'done', attempts: 1, lastAttemptAt: new Date(over + rnd.int(10, 90) * MIN) }
              : {}),
          });
        } else event('voicemail', { mailbox: queue }, over + 3 * S);
        const end = over + (target === 'callback' ? 12 : rnd.int(20, 60)) * S;
        event('ended', { endedBy: 'caller', sipCause: 200 }, end);
        rows.interactions.push({ ...row, endedAt: new Date(end), endedBy: 'caller', sipCause: 200 });
        rows.events.push(...trail);
        continue;
      }

      // Answered: offered, ringing, talk (a hold now and then), the caller hangs up, wrap-up.
      const agent = offer.agent;
      takeBreaks(agent, offer.at, rows);
      const state = (s: string, reason: string | null, when: number) =>
        rows.states.push({ agentId: agent.id, state: s, reason, at: new Date(when) });
      row.routing = [
        { callId: row.callId, queueId, agentId: agent.id, at: new Date(offer.at).toISOString(), ranked: [] },
      ];
      event('offered', { agentId: agent.id, extension: agent.extension, contacts: 1 }, offer.at);
      state('reserved', null, offer.at);
      state('ringing', null, offer.at + 300);
      event('answered', { agentId: agent.id }, answerAt);
      state('on_call', null, answerAt);
      const talk = rnd.int(50, 420) * S + rnd.int(0, 999);
      const held = rnd.chance(0.2) ? rnd.int(15, 90) * S : 0;
      if (held) {
        const holdAt = answerAt + Math.round(talk * 0.4);
        state('on_call', 'hold', holdAt);
        state('on_call', 'unhold', holdAt + held);
      }
      const end = answerAt + talk + held;
      const endedBy = rnd.chance(0.8) ? 'caller' : 'agent';
      event('ended', { endedBy, sipCause: 200 }, end);
      state('wrap_up', null, end);
      const ready = end + rnd.int(10, 60) * S;
      state('ready', 'wrap_up_complete', ready);
      agent.freeAt = ready;
      rows.interactions.push({
        ...row,
        agentId: agent.id,
        answeredAt: new Date(answerAt),
        endedAt: new Date(end),
        endedBy,
        sipCause: 200,
        disposition: rnd.pick(DISPOSITIONS),
      });
      rows.events.push(...trail);
    }
  }

  // End of shift: breaks not taken yet, then log out (the last state of every agent).
  for (const agent of [...teams.sales, ...teams.service]) {
    takeBreaks(agent, at(23, 0), rows);
    const out = Math.max(agent.freeAt, at(18, 0)) + ctx.rnd.int(0, 10) * MIN;
    rows.states.push({ agentId: agent.id, state: 'logged_out', reason: null, at: new Date(out) });
  }
  return rows;
}

/** When the agent can take a call queued at `t`: after their current call and any break due by then. */
function availableAt(agent: AgentDay, t: number): number {
  let free = Math.max(agent.freeAt, t);
  for (const b of agent.breaks) if (b.at <= free) free = Math.max(free, Math.max(b.at, agent.freeAt) + b.ms);
  return free;
}

/** Takes the breaks due by `t` (each from when it was due, or when the agent's call ended). */
function takeBreaks(agent: AgentDay, t: number, rows: Rows): void {
  while (agent.breaks[0] && agent.breaks[0].at <= Math.max(agent.freeAt, t)) {
    const b = agent.breaks.shift()!;
    const from = Math.max(b.at, agent.freeAt);
    if (from > t) {
      agent.breaks.unshift(b);
      return;
    }
    rows.states.push({ agentId: agent.id, state: 'not_ready', reason: b.reason, at: new Date(from) });
    rows.states.push({ agentId: agent.id, state: 'ready', reason: null, at: new Date(from + b.ms) });
    agent.freeAt = from + b.ms;
  }
}

interface PathEntry {
  step: string;
  type: string;
  enteredAt: number;
  leftAt: number | null;
  keys: string;
  retries: number;
  result: string | null;
}

/**
 * A caller's way through the demo flow of the line (ivr-flows `sales-hotline`, `service-hotline`,
 * open hours): most reach the queue; some hang up during the welcome or the menu.
 */
function ivrPath(rnd: SeededRandom, queue: QueueName, start: number) {
  const path: PathEntry[] = [];
  let t = start + 250;
  const step = (name: string, type: string, ms: number, result: string, keys = '') => {
    path.push({ step: name, type, enteredAt: t, leftAt: t + ms, keys, retries: 0, result });
    t += ms;
  };
  const hangUp = (name: string, type: string, ms: number) => {
    path.push({
      step: name,
      type,
      enteredAt: t,
      leftAt: t + ms,
      keys: '',
      retries: 0,
      result: 'caller-hangup',
    });
    t += ms;
    return {
      path,
      endsAt: t,
      outcome: { kind: 'abandoned' as const, step: name, stepType: type, afterMs: t - start },
    };
  };
  step(queue === 'sales' ? 'identify' : 'identify_by_ani', 'lookup', rnd.int(40, 300), 'not-found');
  step('caller_language', 'setLanguage', 0, 'set');
  step('hours', 'hours', 0, 'open');
  if (rnd.chance(0.04)) return hangUp('welcome', 'play', rnd.int(1, 5) * S);
  if (queue === 'sales') {
    const bargeIn = rnd.chance(0.3);
    step('welcome', 'play', bargeIn ? rnd.int(1, 3) * S : 6_200, bargeIn ? 'barge-in' : 'played');
    if (rnd.chance(0.06)) return hangUp('main_menu', 'menu', rnd.int(2, 9) * S);
    const key = rnd.chance(0.85) ? '1' : rnd.chance(0.5) ? '2' : '0';
    step('main_menu', 'menu', rnd.int(2, 8) * S, `choice:${key}`, key);
    const target = key === '1' ? 'queue_sales' : key === '2' ? 'queue_service' : 'queue_operator';
    path.push({
      step: target,
      type: 'queue',
      enteredAt: t,
      leftAt: t,
      keys: '',
      retries: 0,
      result: 'queue',
    });
  } else {
    step('welcome', 'play', 5_400, 'played');
    step('known', 'branch', 0, 'otherwise');
    if (rnd.chance(0.07)) return hangUp('ask_account', 'collect', rnd.int(3, 12) * S);
    const digits = rnd.digits(8);
    step('ask_account', 'collect', rnd.int(5, 12) * S, 'collected', digits);
    step('identify_by_account', 'lookup', rnd.int(40, 300), 'not-found');
    step('account_not_found', 'play', 3_100, 'played');
    path.push({
      step: 'queue_service',
      type: 'queue',
      enteredAt: t,
      leftAt: t,
      keys: '',
      retries: 0,
      result: 'queue',
    });
  }
  return {
    path,
    endsAt: t,
    outcome: { kind: 'queue' as const, queue, skills: [queue], priority: 0, language: 'zh-CN' },
  };
}

/** An exponential gap (ms) at `rate` per ms. */
function exponential(rnd: SeededRandom, rate: number): number {
  return -Math.log(1 - rnd.next()) / rate;
}

/** The local midnight (UTC+8) at or before `t`. */
function localMidnight(t: number): number {
  return Math.floor((t + ZONE_OFFSET) / DAY) * DAY - ZONE_OFFSET;
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
