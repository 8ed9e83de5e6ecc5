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
 * Appends agent transitions to AgentStateEvent without holding up the ACD: writes are
 * fire-and-forget, but chained per agent so one agent's rows land in the order they happened.
 * Readers call `flush` first to see their own writes.
 */
export class AgentStateLog {
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly log: StateLogErrorSink,
  ) {}

  record(row: AgentStateRow): void {
    const previous = this.chains.get(row.agentId) ?? Promise.resolve();
    const next = previous
      .then(() => this.db.agentStateEvent.create({ data: row }))
      .then(
        () => undefined,
        (err: unknown) => this.log.error({ err, agentId: row.agentId }, 'could not store agent state'),
      );
    this.chains.set(row.agentId, next);
    void next.then(() => {
      if (this.chains.get(row.agentId) === next) this.chains.delete(row.agentId);
    });
  }

  /** Resolves when the writes queued so far (for one agent, or all) are done. */
  async flush(agentId?: string): Promise<void> {
    if (agentId !== undefined) await this.chains.get(agentId);
    else await Promise.all(this.chains.values());
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
