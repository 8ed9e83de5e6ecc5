import type { Db } from '@kefu/db';
import { ConflictError, NotFoundError } from '../../errors.js';
import { audited, type AuditActor, type Tx } from '../audit/audit-log.js';

/**
 * Skills (competences and spoken languages) and teams for the administration. A skill's name is
 * what queues, IVR flows and the ACD match on, so it changes only while nothing uses it.
 */

export type SkillKind = 'skill' | 'language';

export interface SkillView {
  id: string;
  name: string;
  kind: SkillKind;
  description: string | null;
  /** Active agents holding it. */
  agents: number;
  /** Active agents holding it at proficiency 1, 2, 3, 4 and 5 (index 0 is proficiency 1). */
  proficiencies: number[];
  /** Names of the queues requiring it (disabled ones too), by name. */
  queues: string[];
}

const activeAgents = { where: { agent: { user: { active: true } } } } as const;

/** What a skill's view reads: the active agents' proficiencies and the queues requiring it. */
const skillInclude = {
  agents: { ...activeAgents, select: { proficiency: true } },
  queues: { select: { queue: { select: { name: true } } } },
} as const;

type SkillRow = {
  id: string;
  name: string;
  kind: string;
  description: string | null;
  agents: Array<{ proficiency: number }>;
  queues: Array<{ queue: { name: string } }>;
};

/** How many of `proficiencies` are 1, 2, 3, 4 and 5 (values outside 1–5 are not counted). */
export function proficiencyCounts(proficiencies: readonly number[]): number[] {
  const counts = [0, 0, 0, 0, 0];
  for (const p of proficiencies) if (p >= 1 && p <= 5) counts[p - 1]! += 1;
  return counts;
}

const view = (s: SkillRow): SkillView => ({
  id: s.id,
  name: s.name,
  kind: s.kind === 'language' ? 'language' : 'skill',
  description: s.description,
  agents: s.agents.length,
  proficiencies: proficiencyCounts(s.agents.map((a) => a.proficiency)),
  queues: s.queues.map((q) => q.queue.name).sort(),
});

async function snapshot(tx: Tx, id: string): Promise<SkillView | null> {
  const row = await tx.skill.findUnique({ where: { id }, include: skillInclude });
  return row ? view(row) : null;
}

export async function listSkills(db: Db): Promise<SkillView[]> {
  const rows = await db.skill.findMany({
    include: skillInclude,
    orderBy: [{ kind: 'desc' }, { name: 'asc' }],
  });
  return rows.map(view);
}

export async function createSkill(
  db: Db,
  actor: AuditActor,
  input: { name: string; kind?: SkillKind | undefined; description?: string | null | undefined },
): Promise<SkillView> {
  return audited(db, actor, {
    action: 'skill.create',
    snapshot,
    idOf: (s: SkillView) => s.id,
    summary: (s) => `created ${s.kind} ${s.name}`,
    write: async (tx) => {
      if (await tx.skill.findUnique({ where: { name: input.name }, select: { id: true } }))
        throw new ConflictError(`skill ${input.name} exists`);
      const row = await tx.skill.create({
        data: { name: input.name, kind: input.kind ?? 'skill', description: input.description ?? null },
        select: { id: true },
      });
      return (await snapshot(tx, row.id))!;
    },
  });
}

export async function updateSkill(
  db: Db,
  actor: AuditActor,
  id: string,
  patch: { name?: string | undefined; description?: string | null | undefined },
): Promise<SkillView> {
  return audited(db, actor, {
    action: 'skill.update',
    entityId: id,
    snapshot,
    summary: (s, changed) => `changed ${s.kind} ${s.name}: ${changed}`,
    write: async (tx) => {
      const row = await tx.skill.findUnique({
        where: { id },
        include: { _count: { select: { agents: true, queues: true } } },
      });
      if (!row) throw new NotFoundError('skill', id);
      if (patch.name !== undefined && patch.name !== row.name) {
        if (row._count.agents > 0 || row._count.queues > 0)
          throw new ConflictError(
            `skill ${row.name} is held by ${row._count.agents} agent(s) and required by ${row._count.queues} queue(s): ` +
              'queues, IVR flows and the ACD match it by name, so it keeps its name',
          );
        if (await tx.skill.findUnique({ where: { name: patch.name }, select: { id: true } }))
          throw new ConflictError(`skill ${patch.name} exists`);
      }
      await tx.skill.update({ where: { id }, data: { name: patch.name, description: patch.description } });
      return (await snapshot(tx, id))!;
    },
  });
}

/** Teams are named on agents; a team exists while an active agent is in it. */
export async function listTeams(db: Db): Promise<Array<{ name: string; agents: number }>> {
  const groups = await db.agent.groupBy({
    by: ['team'],
    where: { team: { not: null }, user: { active: true } },
    _count: { _all: true },
    orderBy: { team: 'asc' },
  });
  return groups.flatMap((g) => (g.team === null ? [] : [{ name: g.team, agents: g._count._all }]));
}
