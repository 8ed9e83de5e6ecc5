import { randomBytes } from 'node:crypto';
import { providerOf, type Db, type Provider } from '@kefu/db';

/**
 * Write-behind for the rows every call writes: the Interaction (opened, then updated a few
 * times), its InteractionEvent trail and the AgentStateEvent rows of the agents it moves.
 *
 * Writing them one Prisma query at a time cost about half the server's CPU at 100 calls/s
 * (`pnpm bench:sip`): each typed query is compiled, interpreted and prepared on its own. Here
 * rows wait up to 20 ms and go out together in one transaction of plain SQL: one
 * multi-row INSERT per table and one UPDATE per set of changed columns (successive updates of a
 * call are merged, last value wins, as if applied in order).
 *
 * Order: batches are written one after another, in the order they were queued; within a batch
 * new Interaction rows come first, then updates, then events and agent states (which refer to
 * them). Nothing is lost when a batch fails: its statements are retried one by one, and a
 * multi-row INSERT row by row, so only the rows that really fail are reported (and dropped).
 *
 * There is one queue per database client (`writeQueueFor`), shared by the call store, the agent
 * state log and the ACD routing log, so a flush from any of them stores everything queued
 * before it.
 */

type Kind = 'text' | 'int' | 'json' | 'time';

const TABLES = {
  Interaction: {
    id: 'text',
    callId: 'text',
    direction: 'text',
    ani: 'text',
    dnis: 'text',
    customerId: 'text',
    agentId: 'text',
    queueId: 'text',
    lineId: 'text',
    offeredAt: 'time',
    answeredAt: 'time',
    endedAt: 'time',
    endedBy: 'text',
    sipCause: 'int',
    ivrPath: 'json',
    routing: 'json',
    recordingRef: 'text',
  },
  InteractionEvent: { id: 'text', interactionId: 'text', type: 'text', data: 'json', at: 'time' },
  AgentStateEvent: {
    id: 'text',
    agentId: 'text',
    state: 'text',
    reason: 'text',
    actorId: 'text',
    at: 'time',
  },
} as const satisfies Record<string, Record<string, Kind>>;

type Tables = typeof TABLES;
type TableName = keyof Tables;
type ValueOf<K extends Kind> = K extends 'text'
  ? string | null
  : K extends 'int'
    ? number | null
    : K extends 'time'
      ? Date | null
      : object | null;
export type Row<T extends TableName> = { [C in keyof Tables[T]]?: ValueOf<Tables[T][C] & Kind> };
/** Interaction columns call control changes after the row is opened. */
export type InteractionUpdate = Omit<Row<'Interaction'>, 'id' | 'callId'>;

/** Insert order inside a batch: rows that others refer to first. */
const INSERT_ORDER: TableName[] = ['Interaction', 'InteractionEvent', 'AgentStateEvent'];
/** Rows per INSERT statement (SQLite allows 32766 parameters, PostgreSQL 65535). */
const ROWS_PER_INSERT = 400;

export interface WriteQueueLog {
  error(obj: object, msg: string): void;
}

interface Waiter {
  resolve(count: number): void;
  onError?: ((err: unknown) => void) | undefined;
}

interface PendingInsert {
  row: Record<string, unknown>;
  waiter?: Waiter | undefined;
}

interface PendingUpdate {
  callId: string;
  fields: Record<string, unknown>;
  waiters: Waiter[];
}

class Batch {
  readonly inserts = new Map<TableName, PendingInsert[]>();
  readonly updates = new Map<string, PendingUpdate>();
  size = 0;
}

interface Statement {
  sql: string;
  values: unknown[];
  /** Rows come back (UPDATE … RETURNING) rather than a count. */
  returnsRows?: boolean;
  /** Called with the statement's row count (or rows) once it is stored, or with its error. */
  done(result: unknown): void;
  failed(err: unknown): void;
  /** For a multi-row INSERT: the same rows one statement each (tried when it fails). */
  split?: () => Statement[];
}

export interface WriteQueueOptions {
  /**
   * How long rows wait for company before a batch is written (default 20 ms). Each statement
   * costs Prisma ~0.2–0.5 ms of CPU whatever its size, so fewer, fuller batches are what make
   * the queue cheap: replaying one call's writes at 200 calls/s cost 4.2 ms of CPU per call with
   * 5 ms, 3.0 with 10 ms, 2.1 with 20 ms, 1.5 with 40 ms.
   */
  delayMs?: number;
  log?: WriteQueueLog;
}

export class WriteQueue {
  private pending = new Batch();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private readonly provider: Provider;
  private readonly delayMs: number;
  /** Rows and updates written so far, and batches (for benchmarks and tests). */
  readonly stats = { batches: 0, rows: 0, updates: 0, failedBatches: 0, failedRows: 0 };

  constructor(
    private readonly db: Db,
    private readonly options: WriteQueueOptions = {},
  ) {
    this.provider = providerOf(db);
    this.delayMs = options.delayMs ?? 20;
  }

  /** Queues one new row; resolves (never rejects) once it is stored or has failed. */
  insert<T extends TableName>(table: T, row: Row<T>, onError?: (err: unknown) => void): Promise<void> {
    return new Promise<number>((resolve) => {
      const rows = this.pending.inserts.get(table) ?? [];
      if (rows.length === 0) this.pending.inserts.set(table, rows);
      rows.push({ row: row as Record<string, unknown>, waiter: { resolve, onError } });
      this.queued();
    }).then(() => undefined);
  }

  /** Queues rows whose completion nobody waits for (errors go to `onError` or the log). */
  insertLater<T extends TableName>(table: T, row: Row<T>, onError?: (err: unknown) => void): void {
    const rows = this.pending.inserts.get(table) ?? [];
    if (rows.length === 0) this.pending.inserts.set(table, rows);
    rows.push({
      row: row as Record<string, unknown>,
      waiter: onError && { resolve: () => undefined, onError },
    });
    this.queued();
  }

  /**
   * Queues an update of the call's Interaction; resolves with the number of rows it changed
   * (0: no such row yet, or it failed and `onError` was told).
   */
  updateInteraction(
    callId: string,
    fields: InteractionUpdate,
    onError?: (err: unknown) => void,
  ): Promise<number> {
    return new Promise<number>((resolve) => {
      let update = this.pending.updates.get(callId);
      if (!update) this.pending.updates.set(callId, (update = { callId, fields: {}, waiters: [] }));
      for (const [column, value] of Object.entries(fields))
        if (value !== undefined) update.fields[column] = value;
      update.waiters.push({ resolve, onError });
      this.queued();
    });
  }

  /** Resolves once everything queued before the call is stored (or reported as failed). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.drain();
  }

  private queued(): void {
    this.pending.size++;
    // A write in progress picks the new rows up when it ends; otherwise wait a little for more.
    if (this.timer || this.running) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drain();
    }, this.delayMs);
  }

  private drain(): Promise<void> {
    if (!this.running) {
      if (this.pending.size === 0) return Promise.resolve();
      this.running = this.loop();
    }
    return this.running;
  }

  private async loop(): Promise<void> {
    for (;;) {
      if (this.pending.size === 0) {
        // Set before returning, in the same tick as the emptiness check: rows queued from now
        // on start a timer again.
        this.running = undefined;
        return;
      }
      const batch = this.pending;
      this.pending = new Batch();
      await this.write(batch);
    }
  }

  private async write(batch: Batch): Promise<void> {
    const statements = this.statements(batch);
    this.stats.batches++;
    try {
      const results = await this.db.$transaction(statements.map((s) => this.run(s)));
      statements.forEach((s, i) => s.done(results[i]));
      return;
    } catch (err) {
      this.stats.failedBatches++;
      this.options.log?.error(
        { err, statements: statements.length },
        'write batch failed; retrying one by one',
      );
    }
    // One by one, outside a transaction: a bad row must not take the others with it.
    for (const statement of statements) {
      try {
        statement.done(await this.run(statement));
      } catch (err) {
        const rows = statement.split?.();
        if (!rows) {
          statement.failed(err);
          continue;
        }
        for (const row of rows) {
          try {
            row.done(await this.run(row));
          } catch (rowErr) {
            row.failed(rowErr);
          }
        }
      }
    }
  }

  private run(s: Statement) {
    return s.returnsRows
      ? this.db.$queryRawUnsafe<unknown[]>(s.sql, ...s.values)
      : this.db.$executeRawUnsafe(s.sql, ...s.values);
  }

  private statements(batch: Batch): Statement[] {
    const out: Statement[] = [];
    const report = (waiter: Waiter | undefined, err: unknown) => {
      this.stats.failedRows++;
      if (waiter?.onError) waiter.onError(err);
      else this.options.log?.error({ err }, 'queued write failed');
      waiter?.resolve(0);
    };
    const inserts = (table: TableName) => {
      const rows = batch.inserts.get(table) ?? [];
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
        const chunk = rows.slice(i, i + ROWS_PER_INSERT);
        const statement = (group: PendingInsert[]): Statement => ({
          ...this.insertSql(table, group),
          done: () => {
            this.stats.rows += group.length;
            for (const r of group) r.waiter?.resolve(1);
          },
          failed: (err) => {
            for (const r of group) report(r.waiter, err);
          },
          ...(group.length > 1 && { split: () => group.map((r) => statement([r])) }),
        });
        out.push(statement(chunk));
      }
    };
    inserts('Interaction');
    // Updates that set the same columns go out as one statement (most calls in a batch are at
    // the same step); RETURNING says which calls' rows were there.
    const groups = new Map<string, PendingUpdate[]>();
    for (const update of batch.updates.values()) {
      const columns = Object.keys(update.fields).sort();
      if (columns.length === 0) {
        for (const w of update.waiters) w.resolve(0);
        continue;
      }
      const key = columns.join(',');
      const group = groups.get(key) ?? [];
      if (group.length === 0) groups.set(key, group);
      group.push(update);
    }
    for (const [key, group] of groups) {
      const statement = (updates: PendingUpdate[]): Statement => ({
        ...this.updateSql(key.split(','), updates),
        returnsRows: true,
        done: (rows) => {
          this.stats.updates += updates.length;
          const found = new Set((rows as Array<{ callId: string }>).map((r) => r.callId));
          for (const u of updates) for (const w of u.waiters) w.resolve(found.has(u.callId) ? 1 : 0);
        },
        failed: (err) => {
          for (const u of updates) for (const w of u.waiters) report(w, err);
        },
        ...(updates.length > 1 && { split: () => updates.map((u) => statement([u])) }),
      });
      for (let i = 0; i < group.length; i += ROWS_PER_INSERT)
        out.push(statement(group.slice(i, i + ROWS_PER_INSERT)));
    }
    for (const table of INSERT_ORDER) if (table !== 'Interaction') inserts(table);
    return out;
  }

  private insertSql(table: TableName, rows: PendingInsert[]): { sql: string; values: unknown[] } {
    // The columns any of these rows sets (a column left out takes its default).
    const kinds = TABLES[table] as Record<string, Kind>;
    const columns = Object.keys(kinds).filter((c) => rows.some((r) => r.row[c] !== undefined));
    const values: unknown[] = [];
    const tuples = rows.map(
      (r) => `(${columns.map((c) => this.param(values, kinds[c]!, r.row[c] ?? null)).join(', ')})`,
    );
    return {
      sql: `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`,
      values,
    };
  }

  /**
   * One UPDATE for calls that change the same columns, from a VALUES list (UPDATE … FROM: SQLite
   * ≥ 3.33 and PostgreSQL; both name a VALUES list's columns column1, column2, …).
   */
  private updateSql(columns: string[], updates: PendingUpdate[]): { sql: string; values: unknown[] } {
    const kinds = TABLES.Interaction as Record<string, Kind>;
    for (const c of columns) if (!kinds[c]) throw new Error(`Interaction has no column ${c}`);
    const values: unknown[] = [];
    const tuples = updates.map(
      (u) =>
        `(${[this.param(values, 'text', u.callId), ...columns.map((c) => this.param(values, kinds[c]!, u.fields[c] ?? null))].join(', ')})`,
    );
    const sets = columns.map((c, i) => `"${c}" = v.column${i + 2}`).join(', ');
    return {
      sql:
        `UPDATE "Interaction" SET ${sets} FROM (VALUES ${tuples.join(', ')}) AS v ` +
        `WHERE "Interaction"."callId" = v.column1 RETURNING "Interaction"."callId"`,
      values,
    };
  }

  /** Adds a value to `values` and returns its placeholder, cast where PostgreSQL needs it. */
  private param(values: unknown[], kind: Kind, value: unknown): string {
    values.push(kind === 'json' && value !== null ? JSON.stringify(value) : value);
    if (this.provider === 'sqlite') return '?';
    const p = `$${values.length}`;
    if (kind === 'json') return `CAST(${p} AS jsonb)`;
    if (kind === 'time') return `CAST(${p} AS timestamp(3))`;
    if (kind === 'int') return `CAST(${p} AS integer)`;
    return p;
  }
}

const queues = new WeakMap<Db, WriteQueue>();

/** The one write queue of this database client (created on first use). */
export function writeQueueFor(db: Db, log?: WriteQueueLog): WriteQueue {
  let queue = queues.get(db);
  if (!queue) queues.set(db, (queue = new WriteQueue(db, log ? { log } : {})));
  return queue;
}

const FINGERPRINT = (process.pid.toString(36) + randomBytes(2).toString('hex')).slice(-4).padStart(4, '0');
let counter = 0;
const random4 = () =>
  Math.floor(Math.random() * 36 ** 4)
    .toString(36)
    .padStart(4, '0');

/**
 * A cuid (v1 layout, as Prisma's `@default(cuid())`): "c", time, counter, host fingerprint,
 * random. Ids made in one process grow with time and then with the counter, so they order
 * rows written in the same millisecond, like Prisma's own. (Not secret: Math.random, as cuid's
 * own random block; `crypto.randomBytes` per id cost ~3% of the server's CPU under load.)
 */
export function newId(): string {
  counter = (counter + 1) % 36 ** 4;
  return (
    'c' +
    Date.now().toString(36).padStart(8, '0') +
    counter.toString(36).padStart(4, '0') +
    FINGERPRINT +
    random4() +
    random4()
  );
}
