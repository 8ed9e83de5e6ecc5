import { assign, createActor, emit, setup, type Actor } from 'xstate';
import type { Clock } from '../clock/index.js';
import type { EndedBy } from './call-control-deps.js';

/** The top-level states of an inbound call (what `/api/calls` and the console see). */
export const CALL_PHASES = [
  'routing',
  'ivr',
  'queued',
  'connected',
  'reconnecting',
  'overflow',
  'voicemail',
  'ended',
] as const;
export type CallPhase = (typeof CALL_PHASES)[number];

export type CallLifecycleEvent =
  /** The line's flow runs on the answered caller's leg. */
  | { type: 'IVR' }
  /** The caller waits in a queue: the line's, the IVR's, again after a transfer or a lost agent. */
  | { type: 'QUEUE' }
  /** The offered agent's phone answered. */
  | { type: 'AGENT_ANSWERED' }
  /** The agent put the caller on hold (re-INVITE sendonly/inactive), or took them off it. */
  | { type: 'HOLD' }
  | { type: 'RESUME' }
  /** The call has another party now: a transfer's target, or an outside number the IVR dialled. */
  | { type: 'HANDED_OVER' }
  /** The agent's phone connection dropped: the caller is held while it comes back. */
  | { type: 'AGENT_LOST' }
  | { type: 'AGENT_BACK' }
  /** The queue's maximum wait passed: the server takes a message or a call-back request. */
  | { type: 'OVERFLOW' }
  /** The caller leaves a message (IVR voicemail step, or an overflow to voicemail). */
  | { type: 'VOICEMAIL' }
  | { type: 'END'; endedBy: EndedBy; sipCause: number };

/** What the machine tells call control when one of its timers runs out. */
export type CallLifecycleEmitted = { type: 'reconnect.expired' } | { type: 'voicemail.full' };

export interface CallLifecycleInput {
  /** How long a caller waits for an agent whose phone connection dropped. */
  reconnectGraceMs: number;
  /** The longest voicemail message. */
  voicemailMaxMs: number;
}

interface CallLifecycleContext extends CallLifecycleInput {
  endedBy: EndedBy | null;
  sipCause: number | null;
}

const END = { target: '#call.ended', actions: 'recordEnd' } as const;

/**
 * One inbound call's lifecycle. Call control does the signalling and media; every change of
 * state goes through this machine, which refuses moves the call cannot make and owns the
 * call's own timers (on the injected clock). `docs/ARCHITECTURE.md` draws it (generated from
 * this definition: `pnpm --filter @kefu/cti-server docs:call-states`).
 */
export const callLifecycle = setup({
  types: {
    context: {} as CallLifecycleContext,
    events: {} as CallLifecycleEvent,
    input: {} as CallLifecycleInput,
    emitted: {} as CallLifecycleEmitted,
  },
  actions: {
    recordEnd: assign(({ event }) =>
      event.type === 'END' ? { endedBy: event.endedBy, sipCause: event.sipCause } : {},
    ),
  },
  delays: {
    reconnectGrace: ({ context }) => context.reconnectGraceMs,
    voicemailMax: ({ context }) => context.voicemailMaxMs,
  },
}).createMachine({
  id: 'call',
  initial: 'routing',
  context: ({ input }) => ({ ...input, endedBy: null, sipCause: null }),
  states: {
    /** Media anchored; line, caller and record being looked up. */
    routing: { on: { IVR: 'ivr', QUEUE: 'queued', END } },
    /** Answered; the line's flow talks with the caller. */
    ivr: {
      on: { QUEUE: 'queued', VOICEMAIL: 'voicemail', HANDED_OVER: 'connected', END },
    },
    /** In the ACD; ringback (not answered yet) or music and place in line (after the IVR). */
    queued: { on: { AGENT_ANSWERED: 'connected', OVERFLOW: 'overflow', END } },
    /** Out of the ACD: a prompt, then a message or a call-back request. */
    overflow: { on: { VOICEMAIL: 'voicemail', END } },
    /** Recording the caller's message until they hang up, or it is long enough. */
    voicemail: { after: { voicemailMax: { actions: emit({ type: 'voicemail.full' }) } }, on: { END } },
    /** Bridged to an agent (or an outside number). */
    connected: {
      initial: 'talking',
      states: {
        talking: { on: { HOLD: 'held' } },
        held: { on: { RESUME: 'talking' } },
      },
      on: {
        HANDED_OVER: '.talking',
        AGENT_LOST: 'reconnecting',
        QUEUE: 'queued',
        END,
      },
    },
    /** The agent's phone is coming back; the caller hears music meanwhile. */
    reconnecting: {
      after: { reconnectGrace: { actions: emit({ type: 'reconnect.expired' }) } },
      on: { AGENT_BACK: 'connected', QUEUE: 'queued', END },
    },
    ended: { type: 'final' },
  },
});

/** A transition that happened: `from` and `to` may be equal (a hand-over, a hold). */
export interface CallStateChange {
  from: CallPhase;
  to: CallPhase;
  event: CallLifecycleEvent;
}

/**
 * One call's running machine: `send` is the one way to change the call's state (false when the
 * machine refuses), `onChange` tells listeners what changed.
 */
export class CallLifecycle {
  private readonly actor: Actor<typeof callLifecycle>;
  private readonly listeners = new Set<(change: CallStateChange) => void>();

  constructor(
    input: CallLifecycleInput,
    clock: Clock,
    private readonly onRefused: (from: CallPhase, event: CallLifecycleEvent['type']) => void,
  ) {
    this.actor = createActor(callLifecycle, { input, clock });
    this.actor.start();
  }

  get phase(): CallPhase {
    const value = this.actor.getSnapshot().value;
    return (typeof value === 'string' ? value : Object.keys(value)[0]) as CallPhase;
  }

  get held(): boolean {
    return this.actor.getSnapshot().matches({ connected: 'held' });
  }

  can(event: CallLifecycleEvent): boolean {
    return this.actor.getSnapshot().can(event);
  }

  send(event: CallLifecycleEvent): boolean {
    const from = this.phase;
    if (!this.can(event)) {
      this.onRefused(from, event.type);
      return false;
    }
    this.actor.send(event);
    const change: CallStateChange = { from, to: this.phase, event };
    for (const listener of [...this.listeners]) listener(change);
    return true;
  }

  /** Every accepted transition; returns the unsubscribe. */
  onChange(listener: (change: CallStateChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A timer of the machine ran out (`reconnect.expired`, `voicemail.full`). */
  on(type: CallLifecycleEmitted['type'], handler: () => void): void {
    this.actor.on(type, handler);
  }
}
