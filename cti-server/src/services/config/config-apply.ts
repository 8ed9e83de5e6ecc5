// Importing a configuration document: read the centre, check the document against it (every
// problem, config-check.ts), diff (config-diff.ts), and — unless it is a dry run — write every
// change in ONE interactive transaction with its audit entries, so a failure half-way leaves
// the centre as it was. The caller then tells the running server (configChanges, agentRoster).
import { randomBytes } from 'node:crypto';
import { sipHa1, type Db, type Prisma } from '@kefu/db';
import { recordAudit, type AuditActor, type Tx } from '../audit/audit-log.js';
import type { Role } from '../auth/auth-user.js';
import {
  checkConfig,
  configWarnings,
  mergeConfig,
  type CheckContext,
  type FullUser,
  type MergedConfig,
} from './config-check.js';
import { dialRuleKey, type ConfigDocument, type ConfigProblem } from './config-document.js';
import {
  countChanges,
  describeCounts,
  diffConfig,
  type ChangeCounts,
  type ConfigEntity,
  type EntityChange,
} from './config-diff.js';
import { exportConfig } from './config-export.js';

export interface ImportOptions {
  dryRun: boolean;
  /** Who imports (audit log; may not disable themselves). */
  actor: AuditActor;
  actorUsername?: string | undefined;
  /** IVR flow ids the server knows. */
  flows: readonly string[];
  /** SIP realm for new agents' (unusable until renewed) HA1 values. */
  realm: string;
}

export type ImportResult =
  | {
      ok: true;
      dryRun: boolean;
      changes: EntityChange[];
      counts: ChangeCounts;
      summary: string;
      /** Not refused, but worth knowing (a queue nobody can serve). */
      warnings: ConfigProblem[];
      /** Agents created, changed or disabled: the running ACD re-reads them. */
      agentIds: string[];
      /** Users the import disabled: their console sockets and phone bindings are dropped. */
      disabled: Array<{ userId: string; extension: string | null }>;
      trunksChanged: boolean;
    }
  | { ok: false; problems: ConfigProblem[] };

/** Thrown inside the transaction when the document is refused: nothing was written. */
class Refused extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super('configuration refused');
  }
}

interface Plan {
  problems: ConfigProblem[];
  warnings: ConfigProblem[];
  changes: EntityChange[];
  merged: MergedConfig;
}

async function plan(db: Db | Tx, doc: ConfigDocument, options: ImportOptions): Promise<Plan> {
  const current = await exportConfig(db);
  const assets = await db.audioAsset.findMany({ select: { name: true } });
  const context: CheckContext = {
    flows: options.flows,
    audioAssets: assets.map((a) => a.name),
    actorUsername: options.actorUsername,
  };
  const problems = checkConfig(current, doc, context);
  const ok = problems.length === 0;
  return {
    problems,
    warnings: ok ? configWarnings(current, doc) : [],
    changes: ok ? diffConfig(current, doc) : [],
    merged: mergeConfig(current, doc),
  };
}

/** Dry run: what would change (or every problem). Apply: all of it in one transaction, or nothing. */
export async function importConfig(
  db: Db,
  doc: ConfigDocument,
  options: ImportOptions,
): Promise<ImportResult> {
  if (options.dryRun) {
    const { problems, warnings, changes } = await plan(db, doc, options);
    if (problems.length > 0) return { ok: false, problems };
    return {
      ok: true,
      dryRun: true,
      changes,
      warnings,
      counts: countChanges(changes),
      summary: describeCounts(changes),
      agentIds: [],
      disabled: [],
      trunksChanged: false,
    };
  }
  try {
    return await db.$transaction(
      async (tx) => {
        // Read and checked inside the transaction: what is written is what was checked.
        const { problems, warnings, changes, merged } = await plan(tx, doc, options);
        if (problems.length > 0) throw new Refused(problems);
        const { agentIds, disabled } = await write(tx, changes, merged, options);
        const summary = describeCounts(changes);
        await recordAudit(tx, options.actor, {
          action: 'config.import',
          entity: 'config',
          entityId: 'centre',
          summary: `configuration import: ${summary}`,
          before: null,
          after: {
            counts: countChanges(changes),
            changes: changes.map((c) => ({
              entity: c.entity,
              key: c.key,
              action: c.action,
              fields: c.fields.map((f) => f.field),
            })),
          },
        });
        return {
          ok: true as const,
          dryRun: false,
          changes,
          warnings,
          counts: countChanges(changes),
          summary,
          agentIds,
          disabled,
          trunksChanged: changes.some((c) => c.entity === 'trunk'),
        };
      },
      { maxWait: 10_000, timeout: 120_000 },
    );
  } catch (err) {
    if (err instanceof Refused) return { ok: false, problems: err.problems };
    throw err;
  }
}

const AUDIT_ENTITY: Record<ConfigEntity, string> = {
  skill: 'skill',
  user: 'user',
  queue: 'queue',
  line: 'line',
  trunk: 'trunk',
  dialRule: 'dial_rule',
  setting: 'setting',
};

/** Writes the changes (skills, trunks, queues, users, lines, rules, settings: references first). */
async function write(
  tx: Tx,
  changes: readonly EntityChange[],
  merged: MergedConfig,
  options: ImportOptions,
): Promise<{ agentIds: string[]; disabled: Array<{ userId: string; extension: string | null }> }> {
  const of = (entity: ConfigEntity) => changes.filter((c) => c.entity === entity);
  const audit = async (c: EntityChange, entityId: string) =>
    recordAudit(tx, options.actor, {
      action: `${AUDIT_ENTITY[c.entity]}.${c.action}`,
      entity: AUDIT_ENTITY[c.entity],
      entityId,
      summary:
        `configuration import: ${c.action}d ${c.entity} ${c.key}` +
        (c.action === 'update' ? `: ${c.fields.map((f) => f.field).join(', ')}` : ''),
      before: Object.fromEntries(c.fields.map((f) => [f.field, f.before])),
      after: Object.fromEntries(c.fields.map((f) => [f.field, f.after])),
    });

  // ── skills ──
  for (const c of of('skill')) {
    const s = merged.skills.find((x) => x.name === c.key)!;
    const row = await tx.skill.upsert({
      where: { name: s.name },
      create: { name: s.name, kind: s.kind, description: s.description },
      update: { kind: s.kind, description: s.description },
      select: { id: true },
    });
    await audit(c, row.id);
  }
  const skillIds = new Map(
    (await tx.skill.findMany({ select: { id: true, name: true } })).map((s) => [s.name, s.id]),
  );
  const skillId = (name: string) => skillIds.get(name)!;

  // ── trunks (secrets untouched: a new trunk has none until set in the Trunks screen) ──
  for (const c of of('trunk')) {
    const { name, ...fields } = merged.trunks.find((t) => t.name === c.key)!;
    const row = await tx.trunk.upsert({
      where: { name },
      create: { name, ...fields },
      update: fields,
      select: { id: true },
    });
    await audit(c, row.id);
  }
  const trunkIds = new Map(
    (await tx.trunk.findMany({ select: { id: true, name: true } })).map((t) => [t.name, t.id]),
  );

  // ── queues: rows first, overflow once every queue exists ──
  const assets = new Map(
    (await tx.audioAsset.findMany({ select: { id: true, name: true }, orderBy: { createdAt: 'desc' } })).map(
      (a) => [a.name, a.id],
    ),
  );
  const queueChanges = of('queue');
  const queueRowIds = new Map<string, string>();
  for (const c of queueChanges) {
    const q = merged.queues.find((x) => x.name === c.key)!;
    const data = {
      displayName: q.displayName,
      active: q.active,
      strategy: q.strategy,
      wrapUpSeconds: q.wrapUpSeconds,
      requireDisposition: q.requireDisposition,
      maxWaitSeconds: q.maxWaitSeconds,
      serviceLevelSeconds: q.serviceLevelSeconds,
      serviceLevelTarget: q.serviceLevelTarget,
      policy: jsonValue(q.policy),
      dispositions: jsonValue(q.dispositions),
      musicOnHoldId: q.musicOnHold === null ? null : (assets.get(q.musicOnHold) ?? null),
    };
    const row = await tx.queue.upsert({
      where: { name: q.name },
      create: { name: q.name, ...data },
      update: data,
      select: { id: true },
    });
    queueRowIds.set(q.name, row.id);
    if (q.policy === null) await clearJson(tx, 'Queue.policy', row.id);
    if (q.dispositions === null) await clearJson(tx, 'Queue.dispositions', row.id);
    if (c.action !== 'disable' && (c.action === 'create' || c.fields.some((f) => f.field === 'skills'))) {
      await tx.queueSkill.deleteMany({ where: { queueId: row.id } });
      await tx.queueSkill.createMany({
        data: q.skills.map((s) => ({
          queueId: row.id,
          skillId: skillId(s.skill),
          minProficiency: s.minProficiency,
        })),
      });
    }
  }
  const queueIds = new Map(
    (await tx.queue.findMany({ select: { id: true, name: true } })).map((q) => [q.name, q.id]),
  );
  for (const c of queueChanges) {
    const q = merged.queues.find((x) => x.name === c.key)!;
    const id = queueRowIds.get(q.name)!;
    await tx.queue.update({
      where: { id },
      data: { overflowQueueId: q.overflowQueue === null ? null : queueIds.get(q.overflowQueue)! },
    });
    await audit(c, id);
  }

  // ── users and agents ──
  const agentIds: string[] = [];
  const disabled: Array<{ userId: string; extension: string | null }> = [];
  for (const c of of('user')) {
    const u = merged.users.find((x) => x.username === c.key)!;
    const id = await writeUser(tx, c, u, skillId, options.realm);
    if (id.agentId) agentIds.push(id.agentId);
    if (c.fields.some((f) => f.field === 'active' && f.after === false))
      disabled.push({ userId: id.userId, extension: u.agent?.extension ?? null });
    await audit(c, id.userId);
  }

  // ── lines ──
  for (const c of of('line')) {
    const l = merged.lines.find((x) => x.dnis === c.key)!;
    const data = {
      name: l.name,
      ivrFlow: l.ivrFlow,
      queueId: l.queue === null ? null : queueIds.get(l.queue)!,
      trunkId: l.trunk === null ? null : trunkIds.get(l.trunk)!,
      timeZone: l.timeZone,
      language: l.language,
      businessHours: jsonValue(l.businessHours),
      holidays: jsonValue(l.holidays),
    };
    const row = await tx.line.upsert({
      where: { dnis: l.dnis },
      create: { dnis: l.dnis, ...data },
      update: data,
      select: { id: true },
    });
    if (l.businessHours === null) await clearJson(tx, 'Line.businessHours', row.id);
    if (l.holidays === null) await clearJson(tx, 'Line.holidays', row.id);
    await audit(c, row.id);
  }

  // ── dial rules (a set: one per scope, target and pattern) ──
  const rules = await tx.outboundDialRule.findMany({
    include: { agent: { select: { extension: true } }, trunk: { select: { name: true } } },
  });
  const ruleKey = (r: (typeof rules)[number]) =>
    dialRuleKey({
      scope: r.scope,
      target: r.agent?.extension ?? r.trunk?.name ?? r.team ?? '',
      pattern: r.pattern,
    });
  for (const c of of('dialRule')) {
    const existing = rules.filter((r) => ruleKey(r) === c.key);
    if (c.action === 'delete') {
      await tx.outboundDialRule.deleteMany({ where: { id: { in: existing.map((r) => r.id) } } });
      await audit(c, existing[0]?.id ?? c.key);
      continue;
    }
    const r = merged.dialRules.find((x) => dialRuleKey(x) === c.key)!;
    if (existing[0]) {
      await tx.outboundDialRule.update({
        where: { id: existing[0].id },
        data: { action: r.action, note: r.note },
      });
      await audit(c, existing[0].id);
      continue;
    }
    const target =
      r.scope === 'agent'
        ? {
            agentId: (
              await tx.agent.findUniqueOrThrow({ where: { extension: r.target }, select: { id: true } })
            ).id,
          }
        : r.scope === 'trunk'
          ? { trunkId: trunkIds.get(r.target)! }
          : { team: r.target };
    const row = await tx.outboundDialRule.create({
      data: { scope: r.scope, action: r.action, pattern: r.pattern, note: r.note, ...target },
      select: { id: true },
    });
    await audit(c, row.id);
  }

  // ── settings ──
  for (const c of of('setting')) {
    // A setting always has a value (config-check refuses null).
    const value = merged.settings[c.key] as Prisma.InputJsonValue;
    await tx.setting.upsert({ where: { key: c.key }, create: { key: c.key, value }, update: { value } });
    await audit(c, c.key);
  }
  return { agentIds, disabled };
}

async function writeUser(
  tx: Tx,
  c: EntityChange,
  u: FullUser,
  skillId: (name: string) => string,
  realm: string,
): Promise<{ userId: string; agentId: string | null }> {
  const roles = u.roles as Role[];
  const existing = await tx.user.findUnique({
    where: { username: u.username },
    include: {
      agent: { include: { skills: { include: { skill: { select: { kind: true, name: true } } } } } },
    },
  });
  if (!existing) {
    const user = await tx.user.create({
      data: {
        username: u.username,
        displayName: u.displayName,
        role: roles[0]!,
        roles: { create: roles.map((role) => ({ role })) },
        // No web password: nobody can sign in as this user until an administrator sets one
        // (PUT /api/admin/users/:id/password); verifyPassword refuses an empty hash.
        passwordHash: '',
        mustChangePassword: true,
        locale: u.locale,
        active: u.active,
      },
      select: { id: true },
    });
    const agentId = u.agent ? await createAgent(tx, user.id, u, skillId, realm) : null;
    return { userId: user.id, agentId };
  }
  const changed = new Set(c.fields.map((f) => f.field));
  await tx.user.update({
    where: { id: existing.id },
    data: {
      displayName: u.displayName,
      locale: u.locale,
      active: u.active,
      role: roles[0]!,
      // The user's updatedAt tells clients the agent changed too.
      updatedAt: new Date(),
    },
  });
  if (changed.has('roles')) {
    await tx.userRole.deleteMany({ where: { userId: existing.id } });
    await tx.userRole.createMany({ data: roles.map((role) => ({ userId: existing.id, role })) });
  }
  if (!u.agent) return { userId: existing.id, agentId: existing.agent?.id ?? null };
  if (!existing.agent)
    return { userId: existing.id, agentId: await createAgent(tx, existing.id, u, skillId, realm) };
  const agentId = existing.agent.id;
  await tx.agent.update({
    where: { id: agentId },
    data: {
      team: u.agent.team,
      mayDialOut: u.agent.mayDialOut,
      outboundCallsPerHour: u.agent.outboundCallsPerHour,
    },
  });
  if (changed.has('agent.skills') || changed.has('agent.languages')) {
    // Languages have no proficiency in the document: a kept one keeps its own, a new one gets 5.
    const kept = new Map(
      existing.agent.skills
        .filter((s) => s.skill.kind === 'language')
        .map((s) => [s.skill.name, s.proficiency]),
    );
    await tx.agentSkill.deleteMany({ where: { agentId } });
    await tx.agentSkill.createMany({ data: agentSkillRows(agentId, u, skillId, (l) => kept.get(l) ?? 5) });
  }
  return { userId: existing.id, agentId };
}

function agentSkillRows(
  agentId: string,
  u: FullUser,
  skillId: (name: string) => string,
  languageProficiency: (name: string) => number,
) {
  const a = u.agent!;
  return [
    ...a.skills.map((s) => ({ agentId, skillId: skillId(s.skill), proficiency: s.proficiency })),
    ...[...new Set(a.languages)].map((l) => ({
      agentId,
      skillId: skillId(l),
      proficiency: languageProficiency(l),
    })),
  ];
}

/**
 * A new agent has no usable SIP password: its HA1 is made from a random secret nobody is told,
 * so its desk phone registers only once an administrator issues one (POST
 * /api/admin/users/:id/sip-password). The console's own phone uses passwords of the day and
 * works as soon as the user can sign in.
 */
async function createAgent(
  tx: Tx,
  userId: string,
  u: FullUser,
  skillId: (name: string) => string,
  realm: string,
): Promise<string> {
  const a = u.agent!;
  const unknown = randomBytes(24).toString('base64url');
  const agent = await tx.agent.create({
    data: {
      userId,
      extension: a.extension,
      team: a.team,
      mayDialOut: a.mayDialOut,
      outboundCallsPerHour: a.outboundCallsPerHour,
      sipRealm: realm,
      sipHa1Md5: sipHa1(a.extension, realm, unknown, 'MD5'),
      sipHa1Sha256: sipHa1(a.extension, realm, unknown, 'SHA-256'),
      stateEvents: { create: { state: 'logged_out', reason: 'created' } },
    },
    select: { id: true },
  });
  await tx.agentSkill.createMany({ data: agentSkillRows(agent.id, u, skillId, () => 5) });
  return agent.id;
}

/**
 * A JSON column's value; undefined (left as it is) for null, which `clearJson` writes: Prisma
 * wants its own DbNull object for that, and each database's client has its own.
 */
function jsonValue(value: unknown): Prisma.InputJsonValue | undefined {
  return value === null || value === undefined ? undefined : (value as Prisma.InputJsonValue);
}

type JsonColumn = 'Queue.policy' | 'Queue.dispositions' | 'Line.businessHours' | 'Line.holidays';

/** Sets a nullable JSON column to NULL (the same SQL on SQLite and PostgreSQL). */
async function clearJson(tx: Tx, column: JsonColumn, id: string): Promise<void> {
  switch (column) {
    case 'Queue.policy':
      await tx.$executeRaw`UPDATE "Queue" SET "policy" = NULL WHERE "id" = ${id}`;
      return;
    case 'Queue.dispositions':
      await tx.$executeRaw`UPDATE "Queue" SET "dispositions" = NULL WHERE "id" = ${id}`;
      return;
    case 'Line.businessHours':
      await tx.$executeRaw`UPDATE "Line" SET "businessHours" = NULL WHERE "id" = ${id}`;
      return;
    case 'Line.holidays':
      await tx.$executeRaw`UPDATE "Line" SET "holidays" = NULL WHERE "id" = ${id}`;
      return;
  }
}
