import type { Db, Prisma } from '@kefu/db';
import { BadRequestError } from '../../errors.js';
import { changedFields, describeChanges, redact } from './audit-diff.js';

/**
 * The audit log: who changed what in the administration, when, and the entity before → after.
 * Every admin write goes through `audited` (or `recordAudit` inside its own transaction), so the
 * entry is written with the change or not at all, and its snapshots are read from the database
 * inside the same transaction. Snapshots are what the API shows of the entity, secrets redacted
 * (audit-diff.ts) — never a password, hash or HA1.
 */

export type Tx = Prisma.TransactionClient;

/** Who made a change: the signed-in user (request.user), or null for the system. */
export type AuditActor = { id: string } | null;

export interface AuditRecord {
  action: string;
  entity: string;
  entityId: string;
  summary: string;
  before: unknown;
  after: unknown;
}

/** Appends one entry (inside the caller's transaction). */
export async function recordAudit(tx: Tx, actor: AuditActor, record: AuditRecord): Promise<void> {
  await tx.auditEntry.create({
    data: {
      actorId: actor?.id ?? null,
      action: record.action,
      entity: record.entity,
      entityId: record.entityId,
      summary: record.summary.slice(0, 500),
      before: json(record.before),
      after: json(record.after),
    },
  });
}

export interface AuditedChange<T> {
  /** e.g. "user.update"; the first part names the entity unless `entity` says otherwise. */
  action: string;
  entity?: string;
  /** The entity changed; omit when the write creates it (then `idOf` reads it from the result). */
  entityId?: string;
  /** Reads the entity as the API shows it (null when absent); called before and after `write`. */
  snapshot: (tx: Tx, id: string) => Promise<unknown>;
  write: (tx: Tx) => Promise<T>;
  idOf?: (result: NoInfer<T>) => string;
  /** A sentence for the log view; by default "<action> <id>: <changed fields>". */
  summary?: (result: NoInfer<T>, changed: string) => string;
}

/**
 * Runs `write` in a transaction and records it: the snapshot before (if the entity exists), the
 * write, the snapshot after, one AuditEntry. Returns what `write` returned.
 */
export async function audited<T>(db: Db, actor: AuditActor, change: AuditedChange<T>): Promise<T> {
  return db.$transaction((tx) => auditedIn(tx, actor, change));
}

/** As `audited`, inside the caller's transaction (several audited writes committed together). */
export async function auditedIn<T>(tx: Tx, actor: AuditActor, change: AuditedChange<T>): Promise<T> {
  const before = change.entityId === undefined ? null : await change.snapshot(tx, change.entityId);
  const result = await change.write(tx);
  const entityId = change.entityId ?? change.idOf?.(result);
  if (entityId === undefined) throw new Error(`audited ${change.action}: no entity id`);
  const after = await change.snapshot(tx, entityId);
  const changed = describeChanges(changedFields(before, after));
  await recordAudit(tx, actor, {
    action: change.action,
    entity: change.entity ?? change.action.split('.')[0]!,
    entityId,
    summary: change.summary?.(result, changed) ?? `${change.action} ${entityId}: ${changed}`,
    before,
    after,
  });
  return result;
}

/** The redacted value for a Json column; undefined (left NULL) for nothing. */
function json(value: unknown): Prisma.InputJsonValue | undefined {
  const clean = redact(value);
  return clean === null ? undefined : (clean as Prisma.InputJsonValue);
}

// ── reading ─────────────────────────────────────────────────────────────────────────────────

export interface AuditQuery {
  entity?: string | undefined;
  entityId?: string | undefined;
  /** Actor's user id or username. */
  actor?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface AuditEntryView {
  id: string;
  at: Date;
  actor: { id: string; username: string } | null;
  action: string;
  entity: string;
  entityId: string;
  summary: string;
  before: unknown;
  after: unknown;
}

/** Newest first; `nextCursor` continues after the last entry returned (null at the end). */
export async function listAudit(
  db: Db,
  query: AuditQuery,
): Promise<{ entries: AuditEntryView[]; nextCursor: string | null }> {
  const limit = query.limit ?? 50;
  const from = query.from ? new Date(query.from) : undefined;
  const to = query.to ? new Date(query.to) : undefined;
  if (from && to && from > to) throw new BadRequestError('from is after to', 'BAD_RANGE');
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  const where: Prisma.AuditEntryWhereInput = {
    entity: query.entity,
    entityId: query.entityId,
    action: query.action,
    at: { gte: from, lte: to },
    ...(query.actor !== undefined && {
      actor: { OR: [{ id: query.actor }, { username: query.actor }] },
    }),
    // Keyset pagination on (at, id), both descending: stable while entries are appended.
    ...(cursor && {
      OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }],
    }),
  };
  const rows = await db.auditEntry.findMany({
    where,
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    include: { actor: { select: { id: true, username: true } } },
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    entries: page.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action,
      entity: r.entity,
      entityId: r.entityId,
      summary: r.summary,
      before: r.before ?? null,
      after: r.after ?? null,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.at, last.id) : null,
  };
}

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { at: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(iso ?? '');
  if (!id || Number.isNaN(at.getTime()))
    throw new BadRequestError('cursor is not one this API gave', 'BAD_CURSOR');
  return { at, id };
}
