import type { Clock, TimerHandle } from '../../clock/index.js';

/** The timer half of the server's `Clock` (the composition passes the one clock). */
export type PresenceTimers = Pick<Clock, 'setTimeout' | 'clearTimeout'>;

export interface ConsolePresenceOptions {
  /** How long an agent with no console socket left stays offerable (a page reload takes ~1–3 s). */
  graceMs: number;
  timers: PresenceTimers;
  onChange(agentId: string, connected: boolean): void;
}

/**
 * Counts each agent's console sockets (several tabs are fine). The last one closing starts a
 * grace timer; only when it fires does the agent count as disconnected, so a reload does not
 * cost an offer.
 */
export class ConsolePresence {
  private readonly sockets = new Map<string, number>();
  private readonly pending = new Map<string, TimerHandle>();

  constructor(private readonly options: ConsolePresenceOptions) {}

  connected(agentId: string): void {
    const count = (this.sockets.get(agentId) ?? 0) + 1;
    this.sockets.set(agentId, count);
    if (count > 1) return;
    if (this.pending.has(agentId)) {
      // Back within the grace period: the ACD never saw the agent leave.
      this.options.timers.clearTimeout(this.pending.get(agentId));
      this.pending.delete(agentId);
      return;
    }
    this.options.onChange(agentId, true);
  }

  disconnected(agentId: string): void {
    const count = (this.sockets.get(agentId) ?? 0) - 1;
    if (count > 0) {
      this.sockets.set(agentId, count);
      return;
    }
    this.sockets.delete(agentId);
    if (this.pending.has(agentId)) return;
    const handle = this.options.timers.setTimeout(() => {
      this.pending.delete(agentId);
      this.options.onChange(agentId, false);
    }, this.options.graceMs);
    this.pending.set(agentId, handle);
  }

  /** Agents whose grace period is running. */
  inGrace(): string[] {
    return [...this.pending.keys()];
  }

  close(): void {
    for (const handle of this.pending.values()) this.options.timers.clearTimeout(handle);
    this.pending.clear();
    this.sockets.clear();
  }
}
