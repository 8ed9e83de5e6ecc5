import type { Db, Prisma } from '@kefu/db';
import type { FlowRegistry } from '@kefu/ivr-flows';
import type { Static } from 'typebox';
import { BadRequestError, NotFoundError } from '../../errors.js';
import type { AdminLine, LineCalendarStatus, LinePatchBody, NewLineBody } from '../../schemas/admin-lines.js';
import { audited, type AuditActor, type Tx } from '../audit/audit-log.js';
import { lineOpeningStatus } from '../call-path/line-hours.js';
import {
  checkLineDraft,
  normalizeHolidays,
  WEEKDAYS,
  type LineDraft,
  type WeeklyHours,
} from './line-rules.js';

/**
 * Lines (DNIS) for the administration: read, create, change (never deleted: calls keep their
 * line), and "are we open now, and why". Each write is audited with the line before and after;
 * the route publishes `{ kind: 'line' }` so the line router and the IVR launcher re-read it.
 */

export type LineView = Static<typeof AdminLine>;
export type NewLine = Static<typeof NewLineBody>;
export type LinePatch = Static<typeof LinePatchBody>;
export type CalendarView = Static<typeof LineCalendarStatus>;
type Flows = Pick<FlowRegistry, 'get' | 'flowIds'>;

const include = {
  queue: { select: { id: true, name: true, displayName: true, active: true } },
  trunk: { select: { id: true, name: true } },
} as const satisfies Prisma.LineInclude;

type LineRow = Prisma.LineGetPayload<{ include: typeof include }>;

/** Hours as stored, in weekday order, when they have the stored shape (else null). */
function hoursOf(value: unknown): WeeklyHours | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const out: WeeklyHours = {};
  for (const day of WEEKDAYS) {
    const ranges = (value as Record<string, unknown>)[day];
    if (Array.isArray(ranges))
      out[day] = ranges.filter(
        (r): r is [string, string] =>
          Array.isArray(r) && r.length === 2 && r.every((x) => typeof x === 'string'),
      );
  }
  return out;
}

function holidaysOf(value: unknown): Array<{ date: string; name: string | null }> | null {
  if (!Array.isArray(value)) return null;
  return value.flatMap((h: unknown) => {
    if (typeof h === 'string') return [{ date: h, name: null }];
    if (typeof h === 'object' && h !== null && typeof (h as { date?: unknown }).date === 'string') {
      const { date, name } = h as { date: string; name?: unknown };
      return [{ date, name: typeof name === 'string' && name ? name : null }];
    }
    return [];
  });
}

function view(row: LineRow): LineView {
  return {
    id: row.id,
    dnis: row.dnis,
    name: row.name,
    ivrFlow: row.ivrFlow,
    queue: row.queue,
    trunk: row.trunk,
    timeZone: row.timeZone,
    language: row.language,
    businessHours: hoursOf(row.businessHours),
    holidays: holidaysOf(row.holidays),
    createdAt: row.createdAt,
  };
}

export async function getLine(db: Db | Tx, id: string): Promise<LineView> {
  const row = await db.line.findUnique({ where: { id }, include });
  if (!row) throw new NotFoundError('line', id);
  return view(row);
}

const snapshot = async (tx: Tx, id: string) => {
  const row = await tx.line.findUnique({ where: { id }, include });
  return row ? view(row) : null;
};

/** Every line by DNIS, each with whether it is open at `epochMs`. */
export async function listLines(
  db: Db,
  flows: Flows,
  epochMs: number,
): Promise<Array<LineView & { now: CalendarView }>> {
  const rows = await db.line.findMany({ include, orderBy: { dnis: 'asc' } });
  return rows.map((row) => ({ ...view(row), now: statusOf(row, flows, epochMs) }));
}

function statusOf(row: LineRow, flows: Flows, epochMs: number): CalendarView {
  const flowCalendar = row.ivrFlow ? flows.get(row.ivrFlow)?.definition.calendar : undefined;
  let status;
  try {
    status = lineOpeningStatus(row, flowCalendar, epochMs);
  } catch {
    // Hours or holidays written past the API (SQL) that the call path cannot read: it ignores
    // them (the flow's calendar, or open all week), and so does the preview.
    status = lineOpeningStatus({ ...row, businessHours: null, holidays: null }, flowCalendar, epochMs);
  }
  const out: CalendarView = {
    open: status.open,
    reason: status.reason,
    localTime: status.localTime,
    timeZone: status.timeZone,
    hoursFrom: status.hoursFrom,
  };
  if (status.holiday) out.holiday = { date: status.holiday.date, name: status.holiday.name ?? null };
  if (status.nextChange !== undefined) out.nextChange = new Date(status.nextChange);
  return out;
}

/** "Today we are open/closed because …" for one line at `epochMs`. */
export async function lineCalendarStatus(
  db: Db,
  flows: Flows,
  id: string,
  epochMs: number,
): Promise<CalendarView> {
  if (!Number.isFinite(epochMs)) throw new BadRequestError('at must be an ISO date-time', 'INVALID_DATE');
  const row = await db.line.findUnique({ where: { id }, include });
  if (!row) throw new NotFoundError('line', id);
  return statusOf(row, flows, epochMs);
}

async function checkDraft(tx: Tx, flows: Flows, draft: LineDraft, selfId: string | null): Promise<void> {
  const [taken, queue, trunk] = await Promise.all([
    tx.line.findUnique({ where: { dnis: draft.dnis }, select: { id: true, name: true } }),
    draft.queueId
      ? tx.queue.findUnique({ where: { id: draft.queueId }, select: { name: true, active: true } })
      : null,
    draft.trunkId ? tx.trunk.findUnique({ where: { id: draft.trunkId }, select: { id: true } }) : null,
  ]);
  checkLineDraft(draft, {
    dnisTakenBy: taken && taken.id !== selfId ? taken.name : null,
    flows: new Set(flows.flowIds()),
    queue,
    trunkExists: draft.trunkId === null || trunk !== null,
  });
}

/** JSON columns: a value, or Prisma's DbNull to store SQL NULL. */
function columns(draft: LineDraft) {
  return {
    dnis: draft.dnis,
    name: draft.name.trim(),
    ivrFlow: draft.ivrFlow,
    queueId: draft.queueId,
    trunkId: draft.trunkId,
    timeZone: draft.timeZone,
    language: draft.language,
  };
}

async function writeJson(tx: Tx, id: string, draft: LineDraft): Promise<void> {
  // Raw NULL for a cleared column: the same statement on SQLite and PostgreSQL (Json? columns).
  if (draft.businessHours === null)
    await tx.$executeRaw`UPDATE "Line" SET "businessHours" = NULL WHERE "id" = ${id}`;
  else await tx.line.update({ where: { id }, data: { businessHours: ordered(draft.businessHours) } });
  if (draft.holidays === null) await tx.$executeRaw`UPDATE "Line" SET "holidays" = NULL WHERE "id" = ${id}`;
  else await tx.line.update({ where: { id }, data: { holidays: normalizeHolidays(draft.holidays) } });
}

/** Weekdays in order, each day's ranges by start. */
function ordered(hours: WeeklyHours): WeeklyHours {
  const out: WeeklyHours = {};
  for (const day of WEEKDAYS) {
    const ranges = hours[day];
    if (ranges) out[day] = [...ranges].sort((a, b) => a[0].localeCompare(b[0]));
  }
  return out;
}

export async function createLine(db: Db, flows: Flows, actor: AuditActor, input: NewLine): Promise<LineView> {
  return audited(db, actor, {
    action: 'line.create',
    snapshot,
    idOf: (l: LineView) => l.id,
    summary: (l) => `created line ${l.dnis} (${l.name})`,
    write: async (tx) => {
      const draft: LineDraft = {
        dnis: input.dnis,
        name: input.name,
        ivrFlow: input.ivrFlow ?? null,
        queueId: input.queueId,
        trunkId: input.trunkId ?? null,
        timeZone: input.timeZone ?? 'Asia/Shanghai',
        language: input.language ?? 'zh-CN',
        businessHours: input.businessHours ?? null,
        holidays: input.holidays ?? null,
      };
      await checkDraft(tx, flows, draft, null);
      const row = await tx.line.create({ data: columns(draft), select: { id: true } });
      await writeJson(tx, row.id, draft);
      return getLine(tx, row.id);
    },
  });
}

export async function updateLine(
  db: Db,
  flows: Flows,
  actor: AuditActor,
  id: string,
  patch: LinePatch,
): Promise<LineView> {
  return audited(db, actor, {
    action: 'line.update',
    entityId: id,
    snapshot,
    summary: (l, changed) => `changed line ${l.dnis}: ${changed}`,
    write: async (tx) => {
      const row = await tx.line.findUnique({ where: { id } });
      if (!row) throw new NotFoundError('line', id);
      const draft: LineDraft = {
        dnis: patch.dnis ?? row.dnis,
        name: patch.name ?? row.name,
        ivrFlow: patch.ivrFlow !== undefined ? patch.ivrFlow : row.ivrFlow,
        queueId: patch.queueId ?? row.queueId,
        trunkId: patch.trunkId !== undefined ? patch.trunkId : row.trunkId,
        timeZone: patch.timeZone ?? row.timeZone,
        language: patch.language ?? row.language,
        businessHours:
          patch.businessHours !== undefined ? patch.businessHours : (row.businessHours as WeeklyHours | null),
        holidays: patch.holidays !== undefined ? patch.holidays : (holidaysOf(row.holidays) ?? null),
      };
      // Stored values the API did not send are re-checked only where the patch touches them.
      await checkDraft(
        tx,
        flows,
        {
          ...draft,
          businessHours: patch.businessHours !== undefined ? draft.businessHours : null,
          holidays: patch.holidays !== undefined ? draft.holidays : null,
        },
        id,
      );
      await tx.line.update({ where: { id }, data: columns(draft) });
      if (patch.businessHours !== undefined || patch.holidays !== undefined)
        await writeJson(tx, id, {
          ...draft,
          businessHours: patch.businessHours !== undefined ? draft.businessHours : hoursOf(row.businessHours),
        });
      return getLine(tx, id);
    },
  });
}
