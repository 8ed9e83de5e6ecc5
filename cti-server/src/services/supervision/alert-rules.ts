import { serviceLevelLevel } from './metric-definitions.js';
import type { SupervisionAlertSettings } from './supervision-settings.js';
import type {
  Level,
  SupervisorAlert,
  WallboardAgent,
  WallboardCall,
  WallboardQueue,
} from './supervision-events.js';

// The alerts a supervisor should act on, from the wallboard's rows and the settings' thresholds.
// Pure: the caller evaluates on every board change and once a second (waits and breaks grow
// without events). Each condition has a stable id; it is raised once, raised again only when its
// level changes (the same id replaces it on screen), and cleared when it no longer holds.

export interface AlertInputs {
  queues: readonly WallboardQueue[];
  agents: readonly WallboardAgent[];
  calls: readonly WallboardCall[];
  settings: SupervisionAlertSettings;
}

export interface AlertRulesOptions {
  now(): number;
  onRaised(alert: SupervisorAlert): void;
  onCleared(id: string): void;
}

/** An alert before it is raised (the rules stamp `raisedAt`). */
export type AlertCondition = Omit<SupervisorAlert, 'raisedAt'>;
type Condition = AlertCondition;

/** A wait or a break this many times over its threshold is critical. */
const CRITICAL_FACTOR = 2;

export class AlertRules {
  private readonly active = new Map<string, SupervisorAlert>();
  /** Ring-no-answer times per agent (kept for the longest window a setting allows). */
  private readonly ronas = new Map<string, { extension: string; at: number[] }>();
  /** Alerts someone else decides (stuck customers), by id. */
  private external = new Map<string, Condition>();

  constructor(private readonly opts: AlertRulesOptions) {}

  list(): SupervisorAlert[] {
    return [...this.active.values()];
  }

  /** A ring-no-answer of the agent (the ACD took an offer back for `missed_call`). */
  rona(agentId: string, extension: string, at: number): void {
    const entry = this.ronas.get(agentId) ?? { extension, at: [] };
    entry.at.push(at);
    this.ronas.set(agentId, entry);
  }

  /** The stuck customers' alerts now (replaces the previous set; evaluated with the rest). */
  setExternal(conditions: readonly Condition[]): void {
    this.external = new Map(conditions.map((c) => [c.id, c]));
  }

  evaluate(inputs: AlertInputs): void {
    const now = this.opts.now();
    const found = new Map<string, Condition>(this.external);
    const add = (c: Condition) => found.set(c.id, c);
    const { settings } = inputs;

    for (const q of inputs.queues) {
      const counted = q.answered + q.abandoned - q.shortAbandoned;
      if (q.serviceLevel === null || counted < settings.serviceLevelMinCalls) continue;
      const level = serviceLevelLevel(q.serviceLevel, q.serviceLevelTarget);
      if (level === 'ok') continue;
      add({
        id: `service_level:${q.queueId}`,
        kind: 'service_level',
        level,
        queueId: q.queueId,
        queue: q.displayName,
        values: { serviceLevel: q.serviceLevel, target: q.serviceLevelTarget, calls: counted },
      });
    }

    const longWaitMs = settings.longWaitSeconds * 1000;
    for (const c of inputs.calls) {
      if (c.phase !== 'waiting' || !c.queuedAt) continue;
      const waitedMs = now - Date.parse(c.queuedAt);
      if (waitedMs <= longWaitMs) continue;
      add({
        id: `long_wait:${c.callId}`,
        kind: 'long_wait',
        level: overLevel(waitedMs, longWaitMs),
        callId: c.callId,
        ...(c.queueId && { queueId: c.queueId }),
        ...(c.queue && { queue: c.queue }),
        ...(c.customerId && { customerId: c.customerId }),
        values: { waitedMs, thresholdSeconds: settings.longWaitSeconds, ani: c.ani ?? '' },
      });
    }

    for (const a of inputs.agents) {
      const rule =
        a.state === 'not_ready'
          ? { kind: 'long_not_ready' as const, minutes: settings.notReadyMinutes }
          : a.state === 'wrap_up'
            ? { kind: 'long_wrap_up' as const, minutes: settings.wrapUpMinutes }
            : null;
      if (!rule) continue;
      const inStateMs = now - Date.parse(a.since);
      const limitMs = rule.minutes * 60_000;
      if (inStateMs <= limitMs) continue;
      add({
        id: `${rule.kind}:${a.agentId}`,
        kind: rule.kind,
        level: overLevel(inStateMs, limitMs),
        agentId: a.agentId,
        extension: a.extension,
        values: {
          inStateMs,
          thresholdMinutes: rule.minutes,
          agent: a.displayName,
          ...(a.reason && { reason: a.reason }),
        },
      });
    }

    const windowMs = settings.ronaWindowMinutes * 60_000;
    for (const [agentId, entry] of this.ronas) {
      entry.at = entry.at.filter((t) => now - t <= windowMs);
      if (entry.at.length === 0) {
        this.ronas.delete(agentId);
        continue;
      }
      if (entry.at.length < settings.ronaCount) continue;
      add({
        id: `repeated_rona:${agentId}`,
        kind: 'repeated_rona',
        level: entry.at.length >= settings.ronaCount * CRITICAL_FACTOR ? 'critical' : 'warning',
        agentId,
        extension: entry.extension,
        values: { count: entry.at.length, windowMinutes: settings.ronaWindowMinutes },
      });
    }

    for (const id of [...this.active.keys()])
      if (!found.has(id)) {
        this.active.delete(id);
        this.opts.onCleared(id);
      }
    for (const c of found.values()) {
      const was = this.active.get(c.id);
      if (was && was.level === c.level) continue;
      const alert: SupervisorAlert = { ...c, raisedAt: new Date(now).toISOString() };
      this.active.set(c.id, alert);
      this.opts.onRaised(alert);
    }
  }
}

function overLevel(valueMs: number, limitMs: number): Exclude<Level, 'ok'> {
  return valueMs > limitMs * CRITICAL_FACTOR ? 'critical' : 'warning';
}
