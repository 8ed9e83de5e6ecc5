import type { Db } from '@kefu/db';
import { newId, writeQueueFor, type WriteQueue } from '../write-queue.js';

export interface AgentStateRow {
  agentId: string;
  state: string;
  reason: string | null;
  actorId: string | null;
  at: Date;
}

export interface StateLogErrorSink {
  error(obj: object, msg: string): void;
}

/**
 * Appends agent transitions to AgentStateEvent without holding up the ACD. Rows go through the
 * database's write queue (`write-queue.ts`): a call moves its agent through ~5 states, and one
 * write per transition was the call path's largest cost, so they are written a few
 * milliseconds later, many per statement, in the order they happened (ids grow with time).
 * Readers call `flush` first to see their own writes.
 */
export class AgentStateLog {
  private readonly queue: WriteQueue;
  private readonly onError = (err: unknown) => this.log.error({ err }, 'could not store agent state');

  constructor(
    private readonly db: Db,
    private readonly log: StateLogErrorSink,
  ) {
    this.queue = writeQueueFor(db, log);
  }

  record(row: AgentStateRow): void {
    this.queue.insertLater('AgentStateEvent', { id: newId(), ...row }, this.onError);
  }

  /** Resolves when the transitions recorded so far are stored (`agentId` kept for callers' clarity). */
  async flush(_agentId?: string): Promise<void> {
    await this.queue.flush();
  }

  /** Stored transitions, newest first. */
  async history(agentId: string, limit: number) {
    await this.flush(agentId);
    return this.db.agentStateEvent.findMany({
      where: { agentId },
      // cuid ids grow within a process: they order rows written in the same millisecond.
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take: limit,
      include: { actor: { select: { username: true, displayName: true } } },
    });
  }
}
