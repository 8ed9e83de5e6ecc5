// The centre as it is → one configuration document (config-document.ts), keyed by natural keys
// (names, usernames, extensions, DNIS), never by database ids, and without a secret: no
// password hash, no SIP HA1, no trunk password, no token, no audio bytes.
import type { Db, Prisma } from '@kefu/db';
import { rolesOf } from '../auth/auth-user.js';
import {
  CONFIG_VERSION,
  canonical,
  type ConfigDocument,
  type DialRuleDoc,
  type LineDoc,
  type QueueDoc,
  type SkillDoc,
  type TrunkDoc,
  type UserDoc,
} from './config-document.js';

type Reader = Db | Prisma.TransactionClient;

const json = (value: Prisma.JsonValue | null): unknown => value ?? null;

/** Reads the whole configuration; inside a transaction when given one (the import's own). */
export async function exportConfig(db: Reader): Promise<ConfigDocument> {
  const [skills, users, queues, lines, trunks, rules, settings] = await Promise.all([
    db.skill.findMany({ orderBy: { name: 'asc' } }),
    db.user.findMany({
      orderBy: { username: 'asc' },
      include: {
        roles: { select: { role: true } },
        agent: {
          select: {
            extension: true,
            team: true,
            mayDialOut: true,
            outboundCallsPerHour: true,
            skills: { select: { proficiency: true, skill: { select: { name: true, kind: true } } } },
          },
        },
      },
    }),
    db.queue.findMany({
      orderBy: { name: 'asc' },
      include: {
        overflowQueue: { select: { name: true } },
        musicOnHold: { select: { name: true } },
        skills: { select: { minProficiency: true, skill: { select: { name: true } } } },
      },
    }),
    db.line.findMany({
      orderBy: { dnis: 'asc' },
      include: { queue: { select: { name: true } }, trunk: { select: { name: true } } },
    }),
    db.trunk.findMany({ orderBy: { name: 'asc' } }),
    db.outboundDialRule.findMany({
      include: { agent: { select: { extension: true } }, trunk: { select: { name: true } } },
    }),
    db.setting.findMany({ orderBy: { key: 'asc' } }),
  ]);

  const skillDocs: SkillDoc[] = skills.map((s) => ({
    name: s.name,
    kind: s.kind === 'language' ? 'language' : 'skill',
    description: s.description,
  }));

  const userDocs: UserDoc[] = users.map((u) => ({
    username: u.username,
    displayName: u.displayName,
    roles: rolesOf(u),
    active: u.active,
    locale: u.locale === 'en' ? 'en' : 'zh-CN',
    agent: u.agent && {
      extension: u.agent.extension,
      team: u.agent.team,
      languages: u.agent.skills.filter((s) => s.skill.kind === 'language').map((s) => s.skill.name),
      skills: u.agent.skills
        .filter((s) => s.skill.kind !== 'language')
        .map((s) => ({ skill: s.skill.name, proficiency: s.proficiency })),
      mayDialOut: u.agent.mayDialOut,
      outboundCallsPerHour: u.agent.outboundCallsPerHour,
    },
  }));

  const queueDocs: QueueDoc[] = queues.map((q) => ({
    name: q.name,
    displayName: q.displayName,
    active: q.active,
    strategy: q.strategy as QueueDoc['strategy'],
    skills: q.skills.map((s) => ({ skill: s.skill.name, minProficiency: s.minProficiency })),
    wrapUpSeconds: q.wrapUpSeconds,
    requireDisposition: q.requireDisposition,
    dispositions: json(q.dispositions) as string[] | null,
    maxWaitSeconds: q.maxWaitSeconds,
    overflowQueue: q.overflowQueue?.name ?? null,
    serviceLevelSeconds: q.serviceLevelSeconds,
    serviceLevelTarget: q.serviceLevelTarget,
    musicOnHold: q.musicOnHold?.name ?? null,
    policy: json(q.policy),
  }));

  const lineDocs: LineDoc[] = lines.map((l) => ({
    dnis: l.dnis,
    name: l.name,
    ivrFlow: l.ivrFlow,
    queue: l.queue?.name ?? null,
    trunk: l.trunk?.name ?? null,
    timeZone: l.timeZone,
    language: l.language,
    businessHours: json(l.businessHours),
    holidays: json(l.holidays),
  }));

  const trunkDocs: TrunkDoc[] = trunks.map((t) => ({
    name: t.name,
    enabled: t.enabled,
    direction: t.direction as TrunkDoc['direction'],
    allowedCidrs: t.allowedCidrs,
    inboundUsername: t.inboundUsername,
    host: t.host,
    port: t.port,
    transport: t.transport as TrunkDoc['transport'],
    username: t.username,
    register: t.register,
    callerId: t.callerId,
    outboundCallsPerHour: t.outboundCallsPerHour,
  }));

  const ruleDocs: DialRuleDoc[] = rules.map((r) => ({
    scope: r.scope as DialRuleDoc['scope'],
    target: r.agent?.extension ?? r.trunk?.name ?? r.team ?? '',
    pattern: r.pattern,
    action: r.action as DialRuleDoc['action'],
    note: r.note,
  }));

  return canonical({
    version: CONFIG_VERSION,
    skills: skillDocs,
    users: userDocs,
    queues: queueDocs,
    lines: lineDocs,
    trunks: trunkDocs,
    dialRules: ruleDocs,
    settings: Object.fromEntries(settings.map((s) => [s.key, json(s.value)])),
  });
}
