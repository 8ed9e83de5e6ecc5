import type { Db, Prisma } from '@kefu/db';
import type { Static } from 'typebox';
import { BadRequestError, ConflictError, NotFoundError } from '../../errors.js';
import type { AdminQueue, NewQueueBody, QueuePatchBody } from '../../schemas/admin-queues.js';
import { audited, type AuditActor, type Tx } from '../audit/audit-log.js';
import { dispositions } from '../console/console-settings.js';
import { QueuePolicyError, queueConfigFromRow } from '../routing/acd-config.js';
import {
  checkQueueDraft,
  servesQueue,
  type OverflowInput,
  type QueueDraft,
  type RelaxationInput,
} from './queue-rules.js';

/**
 * Queues for the administration: read, create, change, disable/enable (never deleted: calls
 * keep their queue), music on hold and who can serve them. Each write is audited with the queue
 * before and after; the route publishes the change so the running ACD, IVR and call control
 * re-read it.
 *
 * The columns hold what they name; the rest lives in `Queue.policy` as the ACD reads it
 * (acd-config.ts): relaxation steps, ring timeout, base priority, announcement interval, a
 * voicemail or call-back overflow (an overflow queue is `overflowQueueId`). Keys of the policy
 * this API does not show (language, agingPerMinute) are kept as they are.
 */

export type QueueView = Static<typeof AdminQueue>;
export type NewQueue = Static<typeof NewQueueBody>;
export type QueuePatch = Static<typeof QueuePatchBody>;

const include = {
  skills: { include: { skill: { select: { name: true, kind: true } } } },
  overflowQueue: { select: { name: true } },
  musicOnHold: { select: { id: true, originalName: true, durationMs: true, sampleRate: true } },
  lines: { select: { id: true, dnis: true, name: true }, orderBy: { dnis: 'asc' } },
} as const satisfies Prisma.QueueInclude;

type QueueRow = Prisma.QueueGetPayload<{ include: typeof include }>;

type Policy = Record<string, unknown>;

const asPolicy = (value: unknown): Policy =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...(value as Policy) } : {};

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Relaxation steps as stored (`after` or `afterSeconds`, addSkills as names or objects). */
function relaxationOf(policy: Policy): RelaxationInput[] {
  if (!Array.isArray(policy.relaxation)) return [];
  return (policy.relaxation as unknown[]).flatMap((raw) => {
    const s = asPolicy(raw);
    const after = num(s.afterSeconds ?? s.after);
    if (after === undefined) return [];
    const step: RelaxationInput = { afterSeconds: after };
    const min = num(s.minProficiency);
    if (min !== undefined) step.minProficiency = min;
    if (Array.isArray(s.dropSkills)) step.dropSkills = s.dropSkills.filter((x) => typeof x === 'string');
    if (Array.isArray(s.addSkills))
      step.addSkills = (s.addSkills as unknown[]).flatMap((a) => {
        if (typeof a === 'string') return [{ skill: a }];
        const r = asPolicy(a);
        if (typeof r.skill !== 'string') return [];
        const p = num(r.minProficiency);
        return [p === undefined ? { skill: r.skill } : { skill: r.skill, minProficiency: p }];
      });
    if (s.anyLanguage === true) step.anyLanguage = true;
    return [step];
  });
}

function overflowOf(row: { overflowQueueId: string | null }, policy: Policy): OverflowInput {
  if (row.overflowQueueId) return { kind: 'queue', queueId: row.overflowQueueId };
  if (policy.overflow === 'voicemail' || policy.overflow === 'callback') return { kind: policy.overflow };
  return { kind: 'none' };
}

const STRATEGY_NAMES = new Set([
  'least_busy',
  'longest_idle',
  'fewest_calls',
  'most_proficient',
  'round_robin',
]);

export function queueView(row: QueueRow): QueueView {
  const policy = asPolicy(row.policy);
  const overflow = overflowOf(row, policy);
  return {
    id: row.id,
    name: row.name,
    displayName: row.displayName,
    active: row.active,
    strategy: (STRATEGY_NAMES.has(row.strategy) ? row.strategy : 'least_busy') as QueueView['strategy'],
    skills: row.skills
      .map((s) => ({ skill: s.skill.name, kind: s.skill.kind, minProficiency: s.minProficiency }))
      .sort((a, b) => a.skill.localeCompare(b.skill)),
    relaxation: relaxationOf(policy) as QueueView['relaxation'],
    basePriority: num(policy.basePriority) ?? 0,
    serviceLevelSeconds: row.serviceLevelSeconds,
    serviceLevelTarget: row.serviceLevelTarget,
    maxWaitSeconds: row.maxWaitSeconds,
    overflow:
      overflow.kind === 'queue'
        ? { kind: 'queue', queueId: overflow.queueId, queueName: row.overflowQueue?.name ?? overflow.queueId }
        : overflow,
    ringTimeoutSeconds: num(policy.ringTimeoutSeconds) ?? null,
    wrapUpSeconds: row.wrapUpSeconds,
    requireDisposition: row.requireDisposition,
    dispositions: Array.isArray(row.dispositions)
      ? row.dispositions.filter((c): c is string => typeof c === 'string')
      : null,
    announceEverySeconds: num(policy.announceEverySeconds) ?? null,
    musicOnHold: row.musicOnHold,
    lines: row.lines,
    createdAt: row.createdAt,
  };
}

/** What the audit log keeps of a queue: the view without the lines (not this write's business). */
async function snapshot(tx: Tx, id: string): Promise<Omit<QueueView, 'lines'> | null> {
  const row = await tx.queue.findUnique({ where: { id }, include });
  if (!row) return null;
  const { lines: _lines, ...rest } = queueView(row);
  return rest;
}

export async function listQueues(db: Db): Promise<QueueView[]> {
  const rows = await db.queue.findMany({ include, orderBy: { name: 'asc' } });
  return rows.map(queueView);
}

export async function getQueue(db: Db | Tx, id: string): Promise<QueueView> {
  const row = await db.queue.findUnique({ where: { id }, include });
  if (!row) throw new NotFoundError('queue', id);
  return queueView(row);
}

/** The checks against the rest of the centre, then the ACD's own reading of the result. */
async function validate(tx: Tx, draft: QueueDraft, row: Parameters<typeof queueConfigFromRow>[0]) {
  // One query at a time: a transaction is one connection.
  const skills = await tx.skill.findMany({ select: { name: true, kind: true } });
  const queues = await tx.queue.findMany({
    select: { id: true, name: true, active: true, overflowQueueId: true },
  });
  const codes = await dispositions(tx as unknown as Db);
  checkQueueDraft(draft, {
    skills: new Map(skills.map((s) => [s.name, s.kind])),
    queues: new Map(queues.filter((q) => q.id !== draft.id).map((q) => [q.id, q])),
    dispositionCodes: new Set(codes.map((c) => c.code)),
  });
  try {
    queueConfigFromRow(row);
  } catch (err) {
    if (err instanceof QueuePolicyError || err instanceof RangeError)
      throw new BadRequestError(err.message, 'INVALID_QUEUE');
    throw err;
  }
}

interface Stored {
  id?: string;
  name: string;
  displayName: string;
  strategy: string;
  wrapUpSeconds: number;
  requireDisposition: boolean;
  maxWaitSeconds: number;
  serviceLevelSeconds: number;
  serviceLevelTarget: number;
  overflowQueueId: string | null;
  policy: Policy;
  dispositions: string[] | null;
  skills: Array<{ skill: string; minProficiency: number }>;
  active: boolean;
}

/** The stored queue with the request's fields applied (policy keys merged). */
function applyPatch(base: Stored, patch: QueuePatch): { next: Stored; draft: QueueDraft } {
  const policy = { ...base.policy };
  const set = (key: string, value: unknown) => {
    if (value === null || value === undefined) delete policy[key];
    else policy[key] = value;
  };
  if (patch.relaxation !== undefined)
    set(
      'relaxation',
      patch.relaxation.map((s) => ({
        afterSeconds: s.afterSeconds,
        ...(s.minProficiency !== undefined && { minProficiency: s.minProficiency }),
        ...(s.dropSkills?.length && { dropSkills: s.dropSkills }),
        ...(s.addSkills?.length && { addSkills: s.addSkills }),
        ...(s.anyLanguage && { anyLanguage: true }),
      })),
    );
  if (patch.basePriority !== undefined)
    set('basePriority', patch.basePriority === 0 ? null : patch.basePriority);
  if (patch.ringTimeoutSeconds !== undefined) set('ringTimeoutSeconds', patch.ringTimeoutSeconds);
  if (patch.announceEverySeconds !== undefined) set('announceEverySeconds', patch.announceEverySeconds);
  let overflowQueueId = base.overflowQueueId;
  if (patch.overflow !== undefined) {
    overflowQueueId = patch.overflow.kind === 'queue' ? patch.overflow.queueId : null;
    set(
      'overflow',
      patch.overflow.kind === 'voicemail' || patch.overflow.kind === 'callback' ? patch.overflow.kind : null,
    );
  }
  const next: Stored = {
    ...base,
    displayName: patch.displayName ?? base.displayName,
    strategy: patch.strategy ?? base.strategy,
    wrapUpSeconds: patch.wrapUpSeconds ?? base.wrapUpSeconds,
    requireDisposition: patch.requireDisposition ?? base.requireDisposition,
    maxWaitSeconds: patch.maxWaitSeconds ?? base.maxWaitSeconds,
    serviceLevelSeconds: patch.serviceLevelSeconds ?? base.serviceLevelSeconds,
    serviceLevelTarget: patch.serviceLevelTarget ?? base.serviceLevelTarget,
    dispositions: patch.dispositions !== undefined ? patch.dispositions : base.dispositions,
    skills: patch.skills ?? base.skills,
    overflowQueueId,
    policy,
  };
  const draft: QueueDraft = {
    id: base.id,
    name: next.name,
    strategy: next.strategy,
    skills: next.skills,
    relaxation: relaxationOf(policy),
    overflow: overflowOf(next, policy),
    maxWaitSeconds: next.maxWaitSeconds,
    dispositions: next.dispositions,
  };
  return { next, draft };
}

/** The row `queueConfigFromRow` reads, for the ACD's own check before anything is written. */
async function acdRow(tx: Tx, next: Stored) {
  const kinds = new Map(
    (
      await tx.skill.findMany({
        where: { name: { in: next.skills.map((s) => s.skill) } },
        select: { name: true, kind: true },
      })
    ).map((s) => [s.name, s.kind]),
  );
  return {
    ...next,
    id: next.id ?? 'new',
    policy: next.policy,
    skills: next.skills.map((s) => ({
      minProficiency: s.minProficiency,
      skill: { name: s.skill, kind: kinds.get(s.skill) ?? 'skill' },
    })),
  };
}

async function writeSkills(
  tx: Tx,
  queueId: string,
  skills: Array<{ skill: string; minProficiency: number }>,
) {
  const ids = new Map(
    (
      await tx.skill.findMany({
        where: { name: { in: skills.map((s) => s.skill) } },
        select: { id: true, name: true },
      })
    ).map((s) => [s.name, s.id]),
  );
  await tx.queueSkill.deleteMany({ where: { queueId } });
  if (skills.length > 0)
    await tx.queueSkill.createMany({
      data: skills.map((s) => ({ queueId, skillId: ids.get(s.skill)!, minProficiency: s.minProficiency })),
    });
}

function columns(next: Stored) {
  return {
    displayName: next.displayName,
    strategy: next.strategy,
    wrapUpSeconds: next.wrapUpSeconds,
    requireDisposition: next.requireDisposition,
    maxWaitSeconds: next.maxWaitSeconds,
    serviceLevelSeconds: next.serviceLevelSeconds,
    serviceLevelTarget: next.serviceLevelTarget,
    overflowQueueId: next.overflowQueueId,
    policy: next.policy as Prisma.InputJsonValue,
    ...(next.dispositions !== null && { dispositions: next.dispositions }),
  };
}

/**
 * `Queue.dispositions` back to NULL (every code allowed). Prisma wants its own DbNull object for
 * that, which differs per generated client; one statement both databases read the same is simpler.
 */
async function clearDispositions(tx: Tx, id: string): Promise<void> {
  await tx.$executeRaw`UPDATE "Queue" SET "dispositions" = NULL WHERE "id" = ${id}`;
}

export async function createQueue(db: Db, actor: AuditActor, input: NewQueue): Promise<QueueView> {
  return audited(db, actor, {
    action: 'queue.create',
    snapshot,
    idOf: (q: QueueView) => q.id,
    summary: (q) => `created queue ${q.name}`,
    write: async (tx) => {
      if (await tx.queue.findUnique({ where: { name: input.name }, select: { id: true } }))
        throw new ConflictError(`queue ${input.name} exists`);
      const base: Stored = {
        name: input.name,
        displayName: input.displayName,
        strategy: 'least_busy',
        wrapUpSeconds: 30,
        requireDisposition: false,
        maxWaitSeconds: 600,
        serviceLevelSeconds: 20,
        serviceLevelTarget: 80,
        overflowQueueId: null,
        policy: {},
        dispositions: null,
        skills: [],
        active: true,
      };
      const { name: _name, ...patch } = input;
      const { next, draft } = applyPatch(base, patch);
      await validate(tx, draft, await acdRow(tx, next));
      const row = await tx.queue.create({
        data: { name: next.name, active: true, ...columns(next) },
        select: { id: true },
      });
      await writeSkills(tx, row.id, next.skills);
      return getQueue(tx, row.id);
    },
  });
}

async function stored(tx: Tx, id: string): Promise<Stored> {
  const row = await tx.queue.findUnique({ where: { id }, include });
  if (!row) throw new NotFoundError('queue', id);
  return {
    id: row.id,
    name: row.name,
    displayName: row.displayName,
    strategy: row.strategy,
    wrapUpSeconds: row.wrapUpSeconds,
    requireDisposition: row.requireDisposition,
    maxWaitSeconds: row.maxWaitSeconds,
    serviceLevelSeconds: row.serviceLevelSeconds,
    serviceLevelTarget: row.serviceLevelTarget,
    overflowQueueId: row.overflowQueueId,
    policy: asPolicy(row.policy),
    dispositions: Array.isArray(row.dispositions)
      ? row.dispositions.filter((c): c is string => typeof c === 'string')
      : null,
    skills: row.skills.map((s) => ({ skill: s.skill.name, minProficiency: s.minProficiency })),
    active: row.active,
  };
}

export async function updateQueue(
  db: Db,
  actor: AuditActor,
  id: string,
  patch: QueuePatch,
): Promise<QueueView> {
  return audited(db, actor, {
    action: 'queue.update',
    entityId: id,
    snapshot,
    summary: (q, changed) => `changed queue ${q.name}: ${changed}`,
    write: async (tx) => {
      const { next, draft } = applyPatch(await stored(tx, id), patch);
      await validate(tx, draft, await acdRow(tx, next));
      await tx.queue.update({ where: { id }, data: columns(next) });
      if (next.dispositions === null) await clearDispositions(tx, id);
      if (patch.skills !== undefined) await writeSkills(tx, id, next.skills);
      return getQueue(tx, id);
    },
  });
}

/**
 * Disable (no new calls; calls waiting are still served) or enable. A queue a line sends its
 * calls to, or an enabled queue overflows to, cannot be disabled: those are named.
 */
export async function setQueueActive(
  db: Db,
  actor: AuditActor,
  id: string,
  active: boolean,
): Promise<QueueView> {
  return audited(db, actor, {
    action: active ? 'queue.enable' : 'queue.disable',
    entityId: id,
    snapshot,
    summary: (q) => `${active ? 'enabled' : 'disabled'} queue ${q.name}`,
    write: async (tx) => {
      const row = await tx.queue.findUnique({
        where: { id },
        include: {
          lines: { select: { dnis: true, name: true }, orderBy: { dnis: 'asc' } },
          overflowFrom: { where: { active: true }, select: { name: true } },
        },
      });
      if (!row) throw new NotFoundError('queue', id);
      if (!active) {
        if (row.lines.length > 0)
          throw new ConflictError(
            `queue ${row.name} takes the calls of line${row.lines.length > 1 ? 's' : ''} ` +
              `${row.lines.map((l) => `${l.dnis} (${l.name})`).join(', ')}: point them elsewhere first`,
          );
        if (row.overflowFrom.length > 0)
          throw new ConflictError(
            `queue ${row.name} is the overflow of ${row.overflowFrom.map((q) => q.name).join(', ')}: change their overflow first`,
          );
      } else if (row.overflowQueueId) {
        const target = await tx.queue.findUnique({
          where: { id: row.overflowQueueId },
          select: { name: true, active: true },
        });
        if (target && !target.active)
          throw new ConflictError(
            `queue ${row.name} overflows to disabled queue ${target.name}: change its overflow first`,
          );
      }
      await tx.queue.update({ where: { id }, data: { active } });
      return getQueue(tx, id);
    },
  });
}

/** Stores converted music on hold and points the queue at it; a file no queue plays is removed. */
export async function setMusicOnHold(
  db: Db,
  actor: AuditActor,
  id: string,
  music: { originalName: string; pcm: Buffer; durationMs: number } | null,
): Promise<QueueView> {
  return audited(db, actor, {
    action: music ? 'queue.music_on_hold' : 'queue.music_on_hold_removed',
    entityId: id,
    snapshot,
    summary: (q) =>
      music
        ? `queue ${q.name} plays ${music.originalName} on hold`
        : `queue ${q.name} plays the built-in music on hold`,
    write: async (tx) => {
      const row = await tx.queue.findUnique({ where: { id }, select: { musicOnHoldId: true } });
      if (!row) throw new NotFoundError('queue', id);
      const asset = music
        ? await tx.audioAsset.create({
            data: {
              name: `music on hold ${id}`,
              originalName: music.originalName,
              sampleRate: 8000,
              durationMs: music.durationMs,
              pcm: Uint8Array.from(music.pcm),
            },
            select: { id: true },
          })
        : null;
      await tx.queue.update({ where: { id }, data: { musicOnHoldId: asset?.id ?? null } });
      if (row.musicOnHoldId) {
        const users = await tx.queue.count({ where: { musicOnHoldId: row.musicOnHoldId } });
        if (users === 0) await tx.audioAsset.delete({ where: { id: row.musicOnHoldId } });
      }
      return getQueue(tx, id);
    },
  });
}

/**
 * The agents who can take the queue's calls: active agents holding every skill it requires
 * (not its language) at the minimum proficiency, with their proficiency in each.
 */
export async function queueMembers(db: Db, id: string) {
  const queue = await db.queue.findUnique({
    where: { id },
    include: { skills: { include: { skill: { select: { name: true, kind: true } } } } },
  });
  if (!queue) throw new NotFoundError('queue', id);
  const required = queue.skills.map((s) => ({
    skill: s.skill.name,
    kind: s.skill.kind,
    minProficiency: s.minProficiency,
  }));
  const agents = await db.agent.findMany({
    where: { user: { active: true } },
    include: {
      skills: { include: { skill: { select: { name: true, kind: true } } } },
      user: { select: { displayName: true } },
    },
    orderBy: { extension: 'asc' },
  });
  const members = agents.flatMap((a) => {
    const held = new Map(
      a.skills.filter((s) => s.skill.kind !== 'language').map((s) => [s.skill.name, s.proficiency]),
    );
    if (!servesQueue(held, required)) return [];
    return [
      {
        agentId: a.id,
        extension: a.extension,
        displayName: a.user.displayName,
        team: a.team,
        skills: required
          .filter((r) => r.kind !== 'language')
          .map((r) => ({ skill: r.skill, proficiency: held.get(r.skill) ?? 0 })),
        languages: a.skills
          .filter((s) => s.skill.kind === 'language')
          .map((s) => s.skill.name)
          .sort(),
      },
    ];
  });
  const needs = required
    .filter((r) => r.kind !== 'language')
    .map((r) => `${r.skill} ≥ ${r.minProficiency}`)
    .join(', ');
  return {
    members,
    warning:
      members.length === 0
        ? `nobody can serve queue ${queue.name}: no active agent holds ${needs || 'its skills'}`
        : null,
  };
}
