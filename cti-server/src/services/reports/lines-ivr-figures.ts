// The lines and IVR report's figures from one line's calls (pure; the loader is lines-ivr.ts).
// Definitions in docs/METRICS.md ("Lines and IVR").

/** One step of a caller's IVR path as the IVR stores it (ivr-flows IvrPathEntry). */
export interface PathEntry {
  step: string;
  type: string;
  enteredAt: number;
  leftAt: number | null;
  result: string | null;
}

/** How the IVR ended: the outcome kinds of ivr-flows' IvrOutcome, or `failed` (the flow broke). */
export type IvrEnd = 'queue' | 'voicemail' | 'callback' | 'hangup' | 'transfer' | 'abandoned' | 'failed';
/** Ended in self-service: the flow finished the call without an agent (message, callback, goodbye). */
export const SELF_SERVICE: readonly IvrEnd[] = ['voicemail', 'callback', 'hangup'];

export interface StepFigures {
  step: string;
  type: string;
  entered: number;
  /** Callers who hung up at this step. */
  dropped: number;
  /** Where callers went next: step id → callers. */
  next: Record<string, number>;
  /** How callers left the step (the IVR's result: `choice:1`, `noInput:retries-exhausted`, …) → callers. */
  exits: Record<string, number>;
  /** Mean time at the step (ms); null when no caller left it. */
  meanMs: number | null;
}

export interface LineCallFigures {
  calls: number;
  /** Calls that went through the IVR. */
  ivrCalls: number;
  /** IVR calls by how the IVR ended. */
  ends: Record<IvrEnd, number>;
  /** Ended in self-service / IVR calls. */
  containment: number | null;
  /** Calls that reached a queue (through the IVR or straight from the line). */
  queued: number;
  meanIvrMs: number | null;
  medianIvrMs: number | null;
  steps: StepFigures[];
}

/** One call of the line as stored. */
export interface StoredLineCall {
  queueId: string | null;
  /** Interaction.ivrPath: the IVR's path, stored when the IVR finished. */
  ivrPath: unknown;
  /** The call's `ivr_step` events' data in order: the path so far (all a flow that broke leaves). */
  stepTrail?: unknown[];
  /** The `ivr_done` / `ivr_failed` events (type and data) of the call. */
  ivrEvents: Array<{ type: string; data: unknown }>;
}

const END_KINDS: ReadonlySet<string> = new Set([
  'queue',
  'voicemail',
  'callback',
  'hangup',
  'transfer',
  'abandoned',
]);

/** How the call's IVR ended, from its `ivr_done` outcome or an `ivr_failed`; null: no IVR ran to an end. */
export function ivrEndOf(events: StoredLineCall['ivrEvents']): IvrEnd | null {
  let end: IvrEnd | null = null;
  for (const e of events) {
    if (e.type === 'ivr_failed') end = 'failed';
    const kind = (e.data as { outcome?: { kind?: unknown } } | null)?.outcome?.kind;
    if (e.type === 'ivr_done' && typeof kind === 'string' && END_KINDS.has(kind)) end = kind as IvrEnd;
  }
  return end;
}

/** The figures of one line's calls. */
export function lineFigures(calls: StoredLineCall[]): LineCallFigures {
  const ends: Record<IvrEnd, number> = {
    queue: 0,
    voicemail: 0,
    callback: 0,
    hangup: 0,
    transfer: 0,
    abandoned: 0,
    failed: 0,
  };
  const steps = new Map<string, StepFigures & { timedMs: number; timed: number }>();
  const durations: number[] = [];
  let ivrCalls = 0;
  let queued = 0;
  for (const call of calls) {
    if (call.queueId) queued++;
    const end = ivrEndOf(call.ivrEvents);
    // The stored path; a flow that broke stored none, its `ivr_step` trail is the path it took.
    let path = pathOf(call.ivrPath);
    if (path.length === 0) path = pathOf(call.stepTrail).sort((a, b) => a.enteredAt - b.enteredAt);
    if (path.length === 0 && !end) continue;
    ivrCalls++;
    if (end) ends[end]++;
    if (path.length > 0) {
      const last = path[path.length - 1]!;
      durations.push((last.leftAt ?? last.enteredAt) - path[0]!.enteredAt);
    }
    path.forEach((entry, i) => {
      let s = steps.get(entry.step);
      if (!s) {
        s = {
          step: entry.step,
          type: entry.type,
          entered: 0,
          dropped: 0,
          next: {},
          exits: {},
          meanMs: null,
          timedMs: 0,
          timed: 0,
        };
        steps.set(entry.step, s);
      }
      s.entered++;
      if (entry.result === 'caller-hangup') s.dropped++;
      if (entry.result !== null) s.exits[entry.result] = (s.exits[entry.result] ?? 0) + 1;
      const next = path[i + 1];
      if (next) s.next[next.step] = (s.next[next.step] ?? 0) + 1;
      if (entry.leftAt !== null) {
        s.timedMs += entry.leftAt - entry.enteredAt;
        s.timed++;
      }
    });
  }
  const contained = SELF_SERVICE.reduce((n, kind) => n + ends[kind], 0);
  durations.sort((a, b) => a - b);
  return {
    calls: calls.length,
    ivrCalls,
    ends,
    containment: ivrCalls > 0 ? contained / ivrCalls : null,
    queued,
    meanIvrMs: durations.length > 0 ? durations.reduce((n, d) => n + d, 0) / durations.length : null,
    medianIvrMs: durations.length > 0 ? median(durations) : null,
    steps: [...steps.values()]
      .sort((a, b) => b.entered - a.entered || a.step.localeCompare(b.step))
      .map(({ timedMs, timed, ...s }) => ({ ...s, meanMs: timed > 0 ? timedMs / timed : null })),
  };
}

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function pathOf(value: unknown): PathEntry[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(
      (e): e is PathEntry =>
        typeof e === 'object' &&
        e !== null &&
        typeof (e as PathEntry).step === 'string' &&
        typeof (e as PathEntry).enteredAt === 'number',
    )
    .map((e) => ({
      step: e.step,
      type: typeof e.type === 'string' ? e.type : '',
      enteredAt: e.enteredAt,
      leftAt: typeof e.leftAt === 'number' ? e.leftAt : null,
      result: typeof e.result === 'string' ? e.result : null,
    }));
}
