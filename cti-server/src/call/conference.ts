import type { Dialog } from '../sip/index.js';
import type { AgentCall } from './agent-call.js';
import type { CallControlDeps } from './call-control-deps.js';
import { CALLER_LEG, type InboundCall } from './inbound-call.js';

export class ConferenceError extends Error {
  constructor(
    readonly status: 403 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'ConferenceError';
  }
}

interface Conference {
  call: InboundCall;
  consult: AgentCall;
}

/**
 * Three-way calls: after a consult is connected, the agent's customer call and the consult
 * (which share one media session) are mixed — caller ↔ agent bridged again (the hold ends), and
 * the consulted agent's leg joined as the third party of the plane's barge mix (hears both, both
 * hear them). The agent's consult leg falls silent: they talk on the customer call.
 *
 * The agent hanging up the customer call leaves the caller with the consulted agent (handed over
 * like an attended transfer); the agent hanging up the consult, or the consulted agent hanging
 * up, ends only the third party's part.
 */
export class Conferences {
  private readonly byCall = new Map<string, Conference>();
  /** The leaving agent's consult dialogs while their call is handed over. */
  private readonly leaving = new Set<string>();

  constructor(private readonly deps: CallControlDeps) {}

  async start(call: InboundCall, consult: AgentCall): Promise<void> {
    const media = call.media;
    const agentLeg = call.agent?.mediaLegId;
    if (call.state !== 'connected' || !media || !agentLeg)
      throw new ConferenceError(409, 'the call is not connected to an agent');
    if (this.byCall.has(call.id)) throw new ConferenceError(409, 'the call is already a conference');
    if (consult.parent !== call || consult.state !== 'connected' || consult.target.kind !== 'agent')
      throw new ConferenceError(409, 'no connected consult with another agent on this call');
    const conference: Conference = { call, consult };
    this.byCall.set(call.id, conference);
    try {
      // Caller ↔ agent again: stops the music on hold (the agent's phone resumes on its side).
      await media.connect(CALLER_LEG, agentLeg);
      await this.deps.media.unbridge(media.sessionId, consult.originLeg);
      await this.deps.media.monitor(media.sessionId, {
        supervisorLegId: consult.targetLeg,
        callerLegId: CALLER_LEG,
        agentLegId: agentLeg,
        mode: 'barge',
      });
    } catch (err) {
      this.byCall.delete(call.id);
      throw err;
    }
    // The three talk: the caller is no longer on hold.
    if (call.onHold) call.lifecycle.send({ type: 'RESUME' });
    if (call.stored)
      this.deps.store.event(call.id, 'conference_started', {
        agent: call.agent?.extension,
        with: consult.target.extension,
      });
  }

  of(call: InboundCall): Conference | undefined {
    return this.byCall.get(call.id);
  }

  /**
   * BYE on the agent's customer dialog of a conference: the agent leaves and the consulted agent
   * is to take the call (call control hands it over, then calls `done`). Undefined otherwise.
   */
  agentLeaving(dialog: Dialog): { call: InboundCall; consult: AgentCall; done(): void } | undefined {
    for (const conference of this.byCall.values()) {
      const { call, consult } = conference;
      if (call.agent?.dialog.id !== dialog.id) continue;
      this.forget(conference, 'agent_left');
      // The handover hangs up the agent's consult dialog itself; a BYE the agent's phone sends
      // on it meanwhile must not end the consulted agent's call.
      const origin = consult.origin.dialog?.id;
      if (origin) this.leaving.add(origin);
      return { call, consult, done: () => origin && this.leaving.delete(origin) };
    }
    return undefined;
  }

  /**
   * BYE on a consult dialog of a conference: the third party's part ends, the consult's own BYE
   * handling goes on (false). True for the leaving agent's consult dialog (handled).
   */
  onBye(dialog: Dialog): boolean {
    for (const conference of this.byCall.values()) {
      const { consult } = conference;
      if (consult.targetDialog?.id === dialog.id || consult.origin.dialog?.id === dialog.id) {
        this.forget(conference, consult.targetDialog?.id === dialog.id ? 'third_party_left' : 'dropped');
        return false;
      }
    }
    return this.leaving.has(dialog.id);
  }

  /** The customer call or the consult ended some other way. */
  end(call: InboundCall): void {
    const conference = this.byCall.get(call.id);
    if (conference) this.forget(conference, 'ended');
  }

  private forget(conference: Conference, reason: string): void {
    const { call, consult } = conference;
    if (this.byCall.get(call.id) !== conference) return;
    this.byCall.delete(call.id);
    if (call.media && call.state !== 'ended')
      void this.deps.media.stopMonitor(call.media.sessionId, consult.targetLeg).catch(() => {});
    if (call.stored) this.deps.store.event(call.id, 'conference_ended', { reason });
  }
}
