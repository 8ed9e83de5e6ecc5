import type { Acd } from '../acd/index.js';
import type { CallControlDeps } from './call-control-deps.js';
import type { InboundCall } from './inbound-call.js';

/**
 * What the ACD hears from call control. Calls into the ACD are deferred to a microtask: call
 * control runs inside the ACD's own callbacks (an offer), which must not be re-entered. A call
 * ending is told from its state machine: abandoned while queued, finished once connected.
 */
export class AcdLink {
  constructor(
    readonly acd: Acd,
    private readonly log: CallControlDeps['log'],
  ) {}

  /** Runs `fn` against the ACD once the current ACD callback has returned. */
  defer(fn: (acd: Acd) => void): void {
    queueMicrotask(() => {
      try {
        fn(this.acd);
      } catch (err) {
        this.log('error', 'ACD call failed', { err: String(err) });
      }
    });
  }

  watch(call: InboundCall): void {
    call.lifecycle.onChange(({ from, to }) => {
      if (to !== 'ended') return;
      const agent = call.agent;
      this.defer((acd) => {
        if (from === 'queued') acd.abandon(call.id);
        else if (from === 'connected' || from === 'reconnecting') acd.finish(call.id);
        // A transferred-to agent was held out of routing by hand; give them back to the ACD.
        if (agent?.transferred) acd.setReady(agent.agentId);
      });
    });
  }
}
