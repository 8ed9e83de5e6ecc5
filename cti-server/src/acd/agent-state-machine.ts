import { assign, enqueueActions, setup } from 'xstate';
import type { AgentStatus } from './types.js';

/*
 * One agent's state. Top-level states are the flat `AgentStatus`; every entry into one (and
 * every hold/consult change) emits a `transition` record for occupancy and reports.
 *
 *   logged_out ──LOGIN──▶ ready ◀──SET_READY── not_ready(reason)
 *                           │ OFFER (phone registered, console connected)
 *                           ▼
 *                        reserved ──RINGING──▶ ringing ──ANSWER──▶ on_call(talking|held|consulting)
 *                           │ ring timeout / REJECT → not_ready("missed_call")       │ CALL_ENDED
 *                           │ CALL_CANCELLED / unregistered / disconnected → ready   ▼
 *                           └─────────────────────────────────────────────────── wrap_up(timed|overdue)
 *                                                   wrap-up timer (disposition given) → ready
 */

export interface AgentTransitionRecord {
  agentId: string;
  from: AgentStatus;
  to: AgentStatus;
  /** Why: not-ready code, `missed_call`, `hold`, `wrap_up_complete`, `supervisor`, … */
  reason: string | null;
  /** The agent's id, a supervisor's user id, or `system` for timers. */
  actor: string;
  at: number;
  callId?: string;
}

export interface AgentMachineInput {
  agentId: string;
  /** The same clock the actor is created with, for record times and wrap-up extension. */
  now: () => number;
  /** Allowed not-ready codes (break, lunch, …); any code when omitted. */
  notReadyReasons?: readonly string[];
  phoneRegistered?: boolean;
  consoleConnected?: boolean;
}

export interface AgentMachineContext {
  agentId: string;
  now: () => number;
  notReadyReasons: readonly string[] | null;
  status: AgentStatus;
  reason: string | null;
  actor: string;
  phoneRegistered: boolean;
  consoleConnected: boolean;
  callId: string | null;
  queueId: string | null;
  ringTimeoutMs: number;
  wrapUpMs: number;
  wrapUpEndsAt: number;
  requireDisposition: boolean;
  disposition: string | null;
}

export interface OfferDetails {
  callId: string;
  queueId: string;
  ringTimeoutMs: number;
  wrapUpMs: number;
  requireDisposition: boolean;
}

type Actor = { actor?: string };
export type AgentMachineEvent =
  | ({ type: 'LOGIN'; notReadyReason?: string } & Actor)
  | ({ type: 'LOGOUT' } & Actor)
  | ({ type: 'SET_READY' } & Actor)
  | ({ type: 'SET_NOT_READY'; reason: string } & Actor)
  | ({ type: 'OFFER' } & OfferDetails)
  | { type: 'RINGING' }
  | { type: 'ANSWER' }
  | ({ type: 'REJECT' } & Actor)
  | { type: 'CALL_CANCELLED' }
  | { type: 'HOLD' }
  | { type: 'UNHOLD' }
  | { type: 'CONSULT_START' }
  | { type: 'CONSULT_END' }
  | { type: 'CALL_ENDED' }
  | ({ type: 'SET_DISPOSITION'; code: string } & Actor)
  | ({ type: 'EXTEND_WRAP_UP'; ms: number } & Actor)
  | { type: 'PHONE_REGISTERED' }
  | { type: 'PHONE_UNREGISTERED' }
  | { type: 'CONSOLE_CONNECTED' }
  | { type: 'CONSOLE_DISCONNECTED' }
  | { type: 'FORCE_STATE'; to: 'ready' | 'not_ready' | 'logged_out'; reason?: string; actor: string }
  /** The configured not-ready codes changed (null: any code). */
  | { type: 'SET_REASON_LIST'; codes: readonly string[] | null };

export type AgentMachineEmitted = { type: 'transition'; record: AgentTransitionRecord };

/** Reasons the system itself sets; always accepted even with a configured reason list. */
// transfer, internal_call, outbound: call control holds an agent out of routing while they are on a call the ACD did not place.
export const SYSTEM_REASONS = [
  'missed_call',
  'login',
  'supervisor',
  'transfer',
  'internal_call',
  'outbound',
] as const;

/** The configured codes plus the system's own; null (any code) stays null. */
function withSystemReasons(codes: readonly string[] | null): readonly string[] | null {
  return codes ? [...codes, ...SYSTEM_REASONS.filter((r) => !codes.includes(r))] : null;
}

const force = (to: 'ready' | 'not_ready' | 'logged_out') => ({
  guard: { type: 'forcedTo' as const, params: { to } },
  target: `#agent.${to}`,
  reenter: true,
  // The supervisor's reason when they gave one (the state log shows it), else 'supervisor'.
  actions: {
    type: 'note' as const,
    params: ({ event }: { event: AgentMachineEvent }) => ({
      reason: (event.type === 'FORCE_STATE' && event.reason) || 'supervisor',
    }),
  },
});
const FORCE_ANY = [force('ready'), force('not_ready'), force('logged_out')];

/** Events an offered (reserved or ringing) agent handles the same way. */
const OFFERED_HANDLERS = {
  ANSWER: { target: '#agent.on_call', actions: { type: 'note' as const, params: { reason: 'answered' } } },
  REJECT: {
    target: '#agent.not_ready',
    actions: { type: 'note' as const, params: { reason: 'missed_call' } },
  },
  CALL_CANCELLED: {
    target: '#agent.ready',
    actions: { type: 'note' as const, params: { reason: 'caller_abandoned' } },
  },
  SET_NOT_READY: { guard: 'reasonAllowed' as const, target: '#agent.not_ready', actions: 'note' as const },
  LOGOUT: { target: '#agent.logged_out', actions: 'note' as const },
  PHONE_UNREGISTERED: {
    target: '#agent.ready',
    actions: [{ type: 'note' as const, params: { reason: 'phone_unregistered' } }, 'presence' as const],
  },
  CONSOLE_DISCONNECTED: {
    target: '#agent.ready',
    actions: [{ type: 'note' as const, params: { reason: 'console_disconnected' } }, 'presence' as const],
  },
  FORCE_STATE: FORCE_ANY,
};

export const agentStateMachine = setup({
  types: {
    context: {} as AgentMachineContext,
    events: {} as AgentMachineEvent,
    input: {} as AgentMachineInput,
    emitted: {} as AgentMachineEmitted,
  },
  actions: {
    /** Remembers why and by whom the coming transition happens, for the record. */
    note: assign(({ context, event }, params?: { reason?: string }) => ({
      reason: params?.reason ?? ('reason' in event && event.reason ? event.reason : null),
      actor:
        'actor' in event && event.actor
          ? event.actor
          : event.type.startsWith('xstate.')
            ? 'system'
            : context.agentId,
    })),
    record: enqueueActions(({ context, enqueue }, params: { to: AgentStatus }) => {
      const record: AgentTransitionRecord = {
        agentId: context.agentId,
        from: context.status,
        to: params.to,
        reason: context.reason,
        actor: context.actor,
        at: context.now(),
      };
      if (context.callId) record.callId = context.callId;
      enqueue.assign({ status: params.to, actor: context.agentId });
      enqueue.emit({ type: 'transition', record });
    }),
    clearCall: assign({ callId: null, queueId: null, disposition: null }),
    takeOffer: assign(({ event }) => {
      if (event.type !== 'OFFER') return {};
      const { callId, queueId, ringTimeoutMs, wrapUpMs, requireDisposition } = event;
      return { callId, queueId, ringTimeoutMs, wrapUpMs, requireDisposition, disposition: null };
    }),
    presence: assign(({ event }) => {
      switch (event.type) {
        case 'PHONE_REGISTERED':
          return { phoneRegistered: true };
        case 'PHONE_UNREGISTERED':
          return { phoneRegistered: false };
        case 'CONSOLE_CONNECTED':
          return { consoleConnected: true };
        case 'CONSOLE_DISCONNECTED':
          return { consoleConnected: false };
        default:
          return {};
      }
    }),
    startWrapUp: assign(({ context }) => ({ wrapUpEndsAt: context.now() + context.wrapUpMs })),
    extendWrapUp: assign(({ context, event }) => ({
      wrapUpEndsAt:
        Math.max(context.wrapUpEndsAt, context.now()) + (event.type === 'EXTEND_WRAP_UP' ? event.ms : 0),
    })),
    setDisposition: assign(({ event }) => ({
      disposition: event.type === 'SET_DISPOSITION' ? event.code : null,
    })),
  },
  guards: {
    offerable: ({ context }) => context.phoneRegistered && context.consoleConnected,
    reasonAllowed: ({ context, event }) =>
      event.type === 'SET_NOT_READY' &&
      (context.notReadyReasons === null || context.notReadyReasons.includes(event.reason)),
    dispositionGiven: ({ context }) => !context.requireDisposition || context.disposition !== null,
    wrapUpLeaveAllowed: ({ context, event }) =>
      (!context.requireDisposition || context.disposition !== null) &&
      (event.type !== 'SET_NOT_READY' ||
        context.notReadyReasons === null ||
        context.notReadyReasons.includes(event.reason)),
    forcedTo: ({ event }, params: { to: string }) => event.type === 'FORCE_STATE' && event.to === params.to,
    loginNotReady: ({ event }) => event.type === 'LOGIN' && event.notReadyReason !== undefined,
  },
  delays: {
    ringTimeout: ({ context }) => context.ringTimeoutMs,
    wrapUp: ({ context }) => Math.max(0, context.wrapUpEndsAt - context.now()),
  },
}).createMachine({
  id: 'agent',
  initial: 'logged_out',
  context: ({ input }) => ({
    agentId: input.agentId,
    now: input.now,
    notReadyReasons: withSystemReasons(input.notReadyReasons ?? null),
    status: 'logged_out',
    reason: null,
    actor: input.agentId,
    phoneRegistered: input.phoneRegistered ?? true,
    consoleConnected: input.consoleConnected ?? true,
    callId: null,
    queueId: null,
    ringTimeoutMs: 20_000,
    wrapUpMs: 0,
    wrapUpEndsAt: 0,
    requireDisposition: false,
    disposition: null,
  }),
  on: {
    SET_REASON_LIST: {
      actions: assign(({ event }) =>
        event.type === 'SET_REASON_LIST' ? { notReadyReasons: withSystemReasons(event.codes) } : {},
      ),
    },
    PHONE_REGISTERED: { actions: 'presence' },
    PHONE_UNREGISTERED: { actions: 'presence' },
    CONSOLE_CONNECTED: { actions: 'presence' },
    CONSOLE_DISCONNECTED: { actions: 'presence' },
  },
  states: {
    logged_out: {
      entry: [{ type: 'record', params: { to: 'logged_out' } }, 'clearCall'],
      on: {
        LOGIN: [
          {
            guard: 'loginNotReady',
            target: 'not_ready',
            actions: assign(({ event, context }) => ({
              reason: event.type === 'LOGIN' ? (event.notReadyReason ?? null) : null,
              actor: ('actor' in event && event.actor) || context.agentId,
            })),
          },
          { target: 'ready', actions: { type: 'note', params: { reason: 'login' } } },
        ],
        FORCE_STATE: [force('ready'), force('not_ready')],
      },
    },
    ready: {
      entry: [{ type: 'record', params: { to: 'ready' } }, 'clearCall'],
      on: {
        SET_NOT_READY: { guard: 'reasonAllowed', target: 'not_ready', actions: 'note' },
        OFFER: { guard: 'offerable', target: 'reserved', actions: ['takeOffer', 'note'] },
        LOGOUT: { target: 'logged_out', actions: 'note' },
        FORCE_STATE: FORCE_ANY,
      },
    },
    not_ready: {
      entry: [{ type: 'record', params: { to: 'not_ready' } }, 'clearCall'],
      on: {
        SET_READY: { target: 'ready', actions: 'note' },
        SET_NOT_READY: { guard: 'reasonAllowed', target: 'not_ready', reenter: true, actions: 'note' },
        LOGOUT: { target: 'logged_out', actions: 'note' },
        FORCE_STATE: FORCE_ANY,
      },
    },
    reserved: {
      entry: { type: 'record', params: { to: 'reserved' } },
      after: {
        ringTimeout: { target: 'not_ready', actions: { type: 'note', params: { reason: 'missed_call' } } },
      },
      on: { ...OFFERED_HANDLERS, RINGING: { target: 'ringing', actions: 'note' } },
    },
    ringing: {
      entry: { type: 'record', params: { to: 'ringing' } },
      after: {
        ringTimeout: { target: 'not_ready', actions: { type: 'note', params: { reason: 'missed_call' } } },
      },
      on: OFFERED_HANDLERS,
    },
    on_call: {
      entry: { type: 'record', params: { to: 'on_call' } },
      initial: 'talking',
      on: { CALL_ENDED: { target: 'wrap_up', actions: { type: 'note', params: { reason: 'call_ended' } } } },
      states: {
        talking: {
          on: {
            HOLD: { target: 'held', actions: [{ type: 'note', params: { reason: 'hold' } }, recordSame()] },
            CONSULT_START: {
              target: 'consulting',
              actions: [{ type: 'note', params: { reason: 'consult' } }, recordSame()],
            },
          },
        },
        held: {
          on: {
            UNHOLD: {
              target: 'talking',
              actions: [{ type: 'note', params: { reason: 'unhold' } }, recordSame()],
            },
            CONSULT_START: {
              target: 'consulting',
              actions: [{ type: 'note', params: { reason: 'consult' } }, recordSame()],
            },
          },
        },
        consulting: {
          on: {
            CONSULT_END: {
              target: 'talking',
              actions: [{ type: 'note', params: { reason: 'consult_end' } }, recordSame()],
            },
          },
        },
      },
    },
    wrap_up: {
      entry: [{ type: 'record', params: { to: 'wrap_up' } }, 'startWrapUp'],
      initial: 'timed',
      on: {
        SET_DISPOSITION: { actions: 'setDisposition' },
        SET_READY: { guard: 'dispositionGiven', target: 'ready', actions: 'note' },
        SET_NOT_READY: { guard: 'wrapUpLeaveAllowed', target: 'not_ready', actions: 'note' },
        LOGOUT: { guard: 'dispositionGiven', target: 'logged_out', actions: 'note' },
        FORCE_STATE: FORCE_ANY,
      },
      states: {
        timed: {
          on: { EXTEND_WRAP_UP: { target: 'timed', reenter: true, actions: 'extendWrapUp' } },
          after: {
            wrapUp: [
              {
                guard: 'dispositionGiven',
                target: '#agent.ready',
                actions: { type: 'note', params: { reason: 'wrap_up_complete' } },
              },
              { target: 'overdue' },
            ],
          },
        },
        /** The timer ran out but the queue requires a disposition: wait for it. */
        overdue: {
          on: {
            EXTEND_WRAP_UP: { target: 'timed', actions: 'extendWrapUp' },
            SET_DISPOSITION: {
              target: '#agent.ready',
              actions: ['setDisposition', { type: 'note', params: { reason: 'wrap_up_complete' } }],
            },
          },
        },
      },
    },
  },
});

/** Records a hold/consult change inside on_call (from and to are both on_call). */
function recordSame() {
  return { type: 'record' as const, params: { to: 'on_call' as const } };
}
