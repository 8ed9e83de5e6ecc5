import type { Db } from '@kefu/db';

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
 * Appends agent transitions to AgentStateEvent without holding up the ACD. Rows are buffered
 * and written in batches (one INSERT per event-loop turn, however many agents changed): a call
 * moves its agent through ~5 states, and one write per transition was the call path's largest
 * cost. Batches are written one after another, so rows land in the order they happened.
 * Readers call `flush` first to see their own writes.
 */
export class AgentStateLog {
  private pending: AgentStateRow[] = [];
  private writing: Promise<void> = Promise.resolve();
  private scheduled = false;

  constructor(
    private readonly db: Db,
    private readonly log: StateLogErrorSink,
  ) {}

  record(row: AgentStateRow): void {
    this.pending.push(row);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.writeBatch();
    });
  }

  private writeBatch(): Promise<void> {
    const rows = this.pending;
    if (rows.length === 0) return this.writing;
    this.pending = [];
    this.writing = this.writing
      .then(() => this.db.agentStateEvent.createMany({ data: rows }))
      .then(
        () => undefined,
        (err: unknown) => this.log.error({ err, rows: rows.length }, 'could not store agent states'),
      );
    return this.writing;
  }

  /** Resolves when the transitions recorded so far are stored (`agentId` kept for callers' clarity). */
  async flush(_agentId?: string): Promise<void> {
    await this.writeBatch();
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
