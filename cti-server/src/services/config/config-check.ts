// The centre a document would make (current merged with the document, config-diff.ts's
// semantics) and every problem with it, each at its path in the document, before anything is
// written. Pure: what the database knows besides the document comes in as `CheckContext`.
import { lineCalendar } from '@kefu/ivr-flows';
import { dialPatternError } from '../../call/dial-rules.js';
import { CidrError, parseCidrList } from '../../trunks/index.js';
import { BadRequestError } from '../../errors.js';
import { EXTENSION } from '../admin/people-rules.js';
import { checkLineDraft, type HolidayInput, type WeeklyHours } from '../admin/line-rules.js';
import {
  checkQueueDraft,
  servesQueue,
  type OverflowInput,
  type RelaxationInput,
} from '../admin/queue-rules.js';
import { queueConfigFromRow } from '../routing/acd-config.js';
import { sameJson } from './config-diff.js';
import {
  ROLE_NAMES,
  dialRuleKey,
  type AgentDoc,
  type ConfigDocument,
  type ConfigProblem,
  type DialRuleDoc,
  type LineDoc,
  type QueueDoc,
  type SkillDoc,
  type TrunkDoc,
  type UserDoc,
} from './config-document.js';

/** A complete entity: every field set (the merged centre). */
type Full<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };
export type FullAgent = Full<AgentDoc>;
export type FullUser = Omit<Full<UserDoc>, 'agent'> & { agent: FullAgent | null };
export type FullQueue = Full<QueueDoc>;
export type FullLine = Full<LineDoc>;
export type FullTrunk = Full<TrunkDoc>;
export type FullSkill = Full<SkillDoc>;
export type FullDialRule = Full<DialRuleDoc>;

/** The whole centre after an import. */
export interface MergedConfig {
  skills: FullSkill[];
  users: FullUser[];
  queues: FullQueue[];
  lines: FullLine[];
  trunks: FullTrunk[];
  dialRules: FullDialRule[];
  settings: Record<string, unknown>;
}

const defined = <T extends object>(obj: T): Partial<T> =>
  Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;

const newSkill = (s: SkillDoc): FullSkill =>
  ({ kind: 'skill', description: null, ...defined(s) }) as FullSkill;
const newAgent = (a: AgentDoc): FullAgent =>
  ({
    team: null,
    languages: [],
    skills: [],
    mayDialOut: true,
    outboundCallsPerHour: null,
    ...defined(a),
  }) as FullAgent;
const newQueue = (q: QueueDoc): FullQueue =>
  ({
    displayName: q.name,
    active: true,
    strategy: 'least_busy',
    skills: [],
    wrapUpSeconds: 30,
    requireDisposition: false,
    dispositions: null,
    maxWaitSeconds: 600,
    overflowQueue: null,
    serviceLevelSeconds: 20,
    serviceLevelTarget: 80,
    musicOnHold: null,
    policy: null,
    ...defined(q),
  }) as FullQueue;
const newLine = (l: LineDoc): FullLine =>
  ({
    name: l.dnis,
    ivrFlow: null,
    queue: null,
    trunk: null,
    timeZone: 'Asia/Shanghai',
    language: 'zh-CN',
    businessHours: null,
    holidays: null,
    ...defined(l),
  }) as FullLine;
const newTrunk = (t: TrunkDoc): FullTrunk =>
  ({
    enabled: true,
    direction: 'both',
    allowedCidrs: '',
    inboundUsername: null,
    host: null,
    port: null,
    transport: 'udp',
    username: null,
    register: false,
    callerId: null,
    outboundCallsPerHour: null,
    ...defined(t),
  }) as FullTrunk;

function mergeUser(current: FullUser | undefined, u: UserDoc): FullUser {
  const base: FullUser = current ?? {
    username: u.username,
    displayName: u.username,
    roles: [],
    active: true,
    locale: 'zh-CN',
    agent: null,
  };
  const { agent, ...fields } = u;
  let mergedAgent = base.agent;
  if (agent === null) mergedAgent = null;
  else if (agent) mergedAgent = base.agent ? { ...base.agent, ...defined(agent) } : newAgent(agent);
  return { ...base, ...defined(fields), agent: mergedAgent } as FullUser;
}

function mergeSection<T, F>(
  current: readonly F[],
  desired: readonly T[] | undefined,
  keyOf: (item: T | F) => string,
  merge: (current: F | undefined, item: T) => F,
  absent: (item: F) => F | null,
): F[] {
  if (desired === undefined) return [...current];
  // The first of duplicates counts (the others are reported as duplicates).
  const wanted = new Map([...desired].reverse().map((d) => [keyOf(d), d]));
  const out: F[] = [];
  const seen = new Set<string>();
  for (const c of current) {
    const key = keyOf(c);
    const d = wanted.get(key);
    seen.add(key);
    const next = d === undefined ? absent(c) : merge(c, d);
    if (next) out.push(next);
  }
  for (const d of desired) {
    const key = keyOf(d);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(merge(undefined, d));
  }
  return out;
}

/** The centre once `desired` is applied to `current` (a full export). */
export function mergeConfig(current: ConfigDocument, desired: ConfigDocument): MergedConfig {
  const full = <T>(list: readonly T[] | undefined) => (list ?? []) as never[];
  return {
    skills: mergeSection<SkillDoc, FullSkill>(
      full(current.skills),
      desired.skills,
      (s) => s.name,
      (c, d) => (c ? ({ ...c, ...defined(d) } as FullSkill) : newSkill(d)),
      (c) => c,
    ),
    users: mergeSection<UserDoc, FullUser>(
      full(current.users),
      desired.users,
      (u) => u.username,
      mergeUser,
      (c) => ({ ...c, active: false }),
    ),
    queues: mergeSection<QueueDoc, FullQueue>(
      full(current.queues),
      desired.queues,
      (q) => q.name,
      (c, d) => (c ? ({ ...c, ...defined(d) } as FullQueue) : newQueue(d)),
      (c) => ({ ...c, active: false }),
    ),
    lines: mergeSection<LineDoc, FullLine>(
      full(current.lines),
      desired.lines,
      (l) => l.dnis,
      (c, d) => (c ? ({ ...c, ...defined(d) } as FullLine) : newLine(d)),
      (c) => c,
    ),
    trunks: mergeSection<TrunkDoc, FullTrunk>(
      full(current.trunks),
      desired.trunks,
      (t) => t.name,
      (c, d) => (c ? ({ ...c, ...defined(d) } as FullTrunk) : newTrunk(d)),
      (c) => c,
    ),
    dialRules: mergeSection<DialRuleDoc, FullDialRule>(
      full(current.dialRules),
      desired.dialRules,
      dialRuleKey,
      (c, d) => ({ note: null, ...c, ...defined(d) }) as FullDialRule,
      () => null,
    ),
    settings: { ...(current.settings ?? {}), ...(desired.settings ?? {}) },
  };
}

export interface CheckContext {
  /** IVR flow ids the server has (built-in and loaded from IVR_FLOWS_DIR). */
  flows: readonly string[];
  /** Uploaded sounds' names (music on hold). */
  audioAssets: readonly string[];
  /** The importing user: they may not disable themselves or take their own admin role. */
  actorUsername?: string | undefined;
}

/**
 * Every problem of the document against the centre it would make. Paths are the document's
 * (`queues[2].skills[0].skill`); a problem of something the document does not list names it.
 */
export function checkConfig(
  current: ConfigDocument,
  desired: ConfigDocument,
  context: CheckContext,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const merged = mergeConfig(current, desired);

  const skills = new Map(merged.skills.map((s) => [s.name, s]));
  const queues = new Map(merged.queues.map((q) => [q.name, q]));
  const trunks = new Map(merged.trunks.map((t) => [t.name, t]));
  const currentSkills = new Map((current.skills ?? []).map((s) => [s.name, s]));
  const currentUsers = new Map((current.users ?? []).map((u) => [u.username, u]));

  duplicates(desired.skills, (s) => s.name, 'skills', 'name', 'skill', add);
  duplicates(desired.users, (u) => u.username, 'users', 'username', 'username', add);
  duplicates(desired.queues, (q) => q.name, 'queues', 'name', 'queue', add);
  duplicates(desired.lines, (l) => l.dnis, 'lines', 'dnis', 'DNIS', add);
  duplicates(desired.trunks, (t) => t.name, 'trunks', 'name', 'trunk', add);
  duplicates(desired.dialRules, dialRuleKey, 'dialRules', 'pattern', 'dial rule', add);

  // ── skills ──
  desired.skills?.forEach((s, i) => {
    const before = currentSkills.get(s.name);
    if (before && s.kind !== undefined && before.kind !== s.kind)
      add(
        `skills[${i}].kind`,
        `skill "${s.name}" is a ${before.kind ?? 'skill'}: an existing skill keeps its kind`,
      );
  });

  const skillRef = (path: string, name: string, kind: 'skill' | 'language' | 'any') => {
    const s = skills.get(name);
    if (!s) add(path, `unknown ${kind === 'language' ? 'language' : 'skill'} "${name}"`);
    else if (kind === 'skill' && s.kind === 'language')
      add(path, `"${name}" is a language: give it in languages`);
    else if (kind === 'language' && s.kind !== 'language') add(path, `"${name}" is not a language`);
  };
  const proficiency = (path: string, value: number) => {
    if (!Number.isInteger(value) || value < 1 || value > 5)
      add(path, `proficiency must be an integer from 1 to 5 (got ${value})`);
  };

  // ── users and agents ──
  const extensionOwners = new Map<string, string[]>();
  for (const u of merged.users)
    if (u.agent)
      extensionOwners.set(u.agent.extension, [...(extensionOwners.get(u.agent.extension) ?? []), u.username]);
  const userIndex = new Map((desired.users ?? []).map((u, i) => [u.username, i]));
  desired.users?.forEach((u, i) => {
    const at = `users[${i}]`;
    const before = currentUsers.get(u.username);
    const after = merged.users.find((m) => m.username === u.username)!;
    if (!before && u.roles === undefined) add(`${at}.roles`, `a new user needs roles`);
    const roles = after.roles;
    if (u.roles !== undefined || !before) {
      if (roles.length === 0 && u.roles !== undefined) add(`${at}.roles`, 'a user needs at least one role');
      roles.forEach((r, k) => {
        if (!(ROLE_NAMES as readonly string[]).includes(r)) add(`${at}.roles[${k}]`, `unknown role "${r}"`);
        else if (roles.indexOf(r) !== k) add(`${at}.roles[${k}]`, `role "${r}" is named twice`);
      });
    }
    if (roles.includes('agent') && !after.agent)
      add(`${at}.roles`, 'the agent role needs an agent (extension): give agent');
    if (before?.agent && u.agent === null)
      add(`${at}.agent`, `user ${u.username} is an agent: an agent is never removed (disable the user)`);
    const a = u.agent;
    if (a) {
      if (!EXTENSION.test(a.extension))
        add(`${at}.agent.extension`, `extension ${a.extension} must be 3 to 6 digits`);
      else if (before?.agent && before.agent.extension !== a.extension)
        add(
          `${at}.agent.extension`,
          `agent ${u.username} has extension ${before.agent.extension}: an agent's extension does not change (its SIP credentials are bound to it)`,
        );
      const owners = extensionOwners.get(a.extension) ?? [];
      if (owners.length > 1)
        add(
          `${at}.agent.extension`,
          `extension ${a.extension} is also ${owners.filter((o) => o !== u.username).join(', ')}'s`,
        );
      a.skills?.forEach((g, k) => {
        skillRef(`${at}.agent.skills[${k}].skill`, g.skill, 'skill');
        proficiency(`${at}.agent.skills[${k}].proficiency`, g.proficiency);
        if (a.skills!.findIndex((o) => o.skill === g.skill) !== k)
          add(`${at}.agent.skills[${k}].skill`, `skill "${g.skill}" is named twice`);
      });
      a.languages?.forEach((l, k) => skillRef(`${at}.agent.languages[${k}]`, l, 'language'));
    }
    if (context.actorUsername === u.username) {
      if (after.active === false) add(`${at}.active`, 'you cannot disable yourself');
      if (before?.roles?.includes('admin') && !roles.includes('admin'))
        add(`${at}.roles`, 'you cannot take the admin role from yourself');
    }
  });
  if (desired.users && context.actorUsername && !userIndex.has(context.actorUsername)) {
    const me = currentUsers.get(context.actorUsername);
    if (me && me.active !== false)
      add('users', `you (${context.actorUsername}) are not in the document, which would disable you`);
  }

  // ── queues ──
  const settingCodes = codesOf(merged.settings.dispositions);
  const currentQueues = new Map((current.queues ?? []).map((q) => [q.name, q]));
  desired.queues?.forEach((q, i) => {
    const at = `queues[${i}]`;
    const after = queues.get(q.name)!;
    const problemsBefore = problems.length;
    q.skills?.forEach((s, k) => {
      skillRef(`${at}.skills[${k}].skill`, s.skill, 'any');
      proficiency(`${at}.skills[${k}].minProficiency`, s.minProficiency);
      if (q.skills!.findIndex((o) => o.skill === s.skill) !== k)
        add(`${at}.skills[${k}].skill`, `skill "${s.skill}" is named twice`);
    });
    if (after.overflowQueue !== null) {
      const target = queues.get(after.overflowQueue);
      if (after.overflowQueue === q.name) add(`${at}.overflowQueue`, 'a queue cannot overflow into itself');
      else if (!target) add(`${at}.overflowQueue`, `unknown queue "${after.overflowQueue}"`);
      else if (!target.active && after.active)
        add(`${at}.overflowQueue`, `queue "${after.overflowQueue}" is disabled`);
    }
    if (q.policy !== undefined || q.skills !== undefined || q.strategy !== undefined) {
      const problem = policyProblem(after, skills);
      if (problem) add(`${at}.policy`, problem);
      policySkills(after.policy).forEach((name) => {
        if (!skills.has(name)) add(`${at}.policy`, `relaxation names unknown skill "${name}"`);
      });
    }
    after.dispositions?.forEach((code, k) => {
      if (settingCodes && !settingCodes.includes(code))
        add(`${at}.dispositions[${k}]`, `unknown disposition "${code}" (settings.dispositions)`);
    });
    if (q.musicOnHold && !context.audioAssets.includes(q.musicOnHold))
      add(`${at}.musicOnHold`, `no uploaded sound is named "${q.musicOnHold}"`);
    // Then the administration's own rules of a queue (services/admin/queue-rules.ts), for a
    // new or changed queue the checks above found nothing wrong with.
    const before = currentQueues.get(q.name);
    const changed =
      !before ||
      Object.entries(q).some(([k, v]) => v !== undefined && !sameJson(v, before[k as keyof QueueDoc]));
    if (changed && problems.length === problemsBefore) {
      const problem = queueRuleProblem(after, merged, settingCodes);
      if (problem) add(`${at}${problem.field ? `.${problem.field}` : ''}`, problem.message);
    }
  });
  // Overflow cycles: each queue followed to its end.
  for (const q of merged.queues) {
    const seen = [q.name];
    let next = q.overflowQueue;
    while (next !== null && queues.has(next) && !seen.includes(next)) {
      seen.push(next);
      next = queues.get(next)!.overflowQueue;
    }
    if (next === q.name && seen.length > 1 && seen[0]! <= seen.slice(1).sort()[0]!) {
      const i = (desired.queues ?? []).findIndex((d) => seen.includes(d.name));
      add(
        i >= 0 ? `queues[${i}].overflowQueue` : 'queues',
        `overflow cycle: ${[...seen, q.name].join(' → ')}`,
      );
    }
  }

  // ── trunks ──
  desired.trunks?.forEach((t, i) => {
    if (t.allowedCidrs === undefined) return;
    try {
      parseCidrList(t.allowedCidrs);
    } catch (err) {
      if (err instanceof CidrError) add(`trunks[${i}].allowedCidrs`, err.message);
      else throw err;
    }
  });

  // ── lines ──
  const currentLines = new Map((current.lines ?? []).map((l) => [l.dnis, l]));
  const lineIndex = new Map((desired.lines ?? []).map((l, i) => [l.dnis, i]));
  for (const line of merged.lines) {
    const i = lineIndex.get(line.dnis);
    const at = i === undefined ? undefined : `lines[${i}]`;
    const where = (field: string) => (at ? `${at}.${field}` : 'queues');
    const listed = at !== undefined;
    const problemsBefore = problems.length;
    if (line.queue !== null) {
      const q = queues.get(line.queue);
      if (!q) add(where('queue'), `${listed ? '' : `line ${line.dnis}: `}unknown queue "${line.queue}"`);
      else if (!q.active)
        add(
          where('queue'),
          `${listed ? '' : `line ${line.dnis} (not in the document) `}points at queue "${line.queue}", which is disabled`,
        );
    }
    if (!listed) continue;
    if (line.ivrFlow === null && line.queue === null) add(at, 'a line needs an IVR flow or a queue');
    if (line.ivrFlow !== null && !context.flows.includes(line.ivrFlow))
      add(`${at}.ivrFlow`, `unknown IVR flow "${line.ivrFlow}" (known: ${context.flows.join(', ')})`);
    if (line.trunk !== null && !trunks.has(line.trunk)) add(`${at}.trunk`, `unknown trunk "${line.trunk}"`);
    try {
      lineCalendar(line, { timeZone: line.timeZone, weekly: {}, holidays: [] }, `line ${line.dnis}`);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const field = /time zone/.test(message)
        ? 'timeZone'
        : /holiday/.test(message)
          ? 'holidays'
          : 'businessHours';
      add(`${at}.${field}`, message);
    }
    // Then the Lines screen's own rules (services/admin/line-rules.ts), for a new or changed line.
    const before = currentLines.get(line.dnis);
    const given = desired.lines![i!]!;
    const changed =
      !before ||
      Object.entries(given).some(([k, v]) => v !== undefined && !sameJson(v, before[k as keyof LineDoc]));
    if (changed && problems.length === problemsBefore) {
      const problem = lineRuleProblem(line, queues, trunks, context.flows);
      if (problem) add(`${at}${problem.field ? `.${problem.field}` : ''}`, problem.message);
    }
  }

  // ── dial rules ──
  const extensions = new Set(merged.users.flatMap((u) => (u.agent ? [u.agent.extension] : [])));
  const teams = new Set(merged.users.flatMap((u) => (u.agent?.team ? [u.agent.team] : [])));
  desired.dialRules?.forEach((r, i) => {
    const error = dialPatternError(r.pattern);
    if (error) add(`dialRules[${i}].pattern`, error);
    const known =
      r.scope === 'agent'
        ? extensions.has(r.target)
        : r.scope === 'team'
          ? teams.has(r.target)
          : trunks.has(r.target);
    if (!known)
      add(
        `dialRules[${i}].target`,
        r.scope === 'agent'
          ? `no agent has extension ${r.target}`
          : r.scope === 'team'
            ? `no agent is in team ${r.target}`
            : `unknown trunk "${r.target}"`,
      );
  });

  // ── settings ──
  for (const [key, value] of Object.entries(desired.settings ?? {}))
    if (value === null) add(`settings.${pathKey(key)}`, 'a setting needs a value');
  for (const key of ['dispositions', 'notReadyReasons', 'languages'] as const) {
    const value = desired.settings?.[key];
    if (value !== undefined && codesOf(value) === undefined)
      add(`settings.${key}`, `${key} must be a list of { code, … } entries`);
  }

  return problems;
}

const pathKey = (key: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key));

const RULE_FIELDS: Record<string, string> = {
  UNKNOWN_SKILL: 'skills',
  INVALID_PROFICIENCY: 'skills',
  UNKNOWN_STRATEGY: 'strategy',
  INVALID_RELAXATION: 'policy',
  INVALID_OVERFLOW: 'overflowQueue',
  OVERFLOW_CYCLE: 'overflowQueue',
  UNKNOWN_DISPOSITION: 'dispositions',
};

/** The first rule of queue-rules.ts the queue breaks, with the field it is about. */
function queueRuleProblem(
  q: FullQueue,
  merged: MergedConfig,
  dispositionCodes: string[] | undefined,
): { field: string | null; message: string } | null {
  const policy = (q.policy ?? {}) as Record<string, unknown>;
  const overflow: OverflowInput =
    q.overflowQueue !== null
      ? { kind: 'queue', queueId: q.overflowQueue }
      : policy.overflow === 'voicemail' || policy.overflow === 'callback'
        ? { kind: policy.overflow }
        : { kind: 'none' };
  try {
    checkQueueDraft(
      {
        id: q.name,
        name: q.name,
        strategy: q.strategy,
        skills: q.skills,
        relaxation: relaxationInputs(policy.relaxation),
        overflow,
        maxWaitSeconds: q.maxWaitSeconds,
        dispositions: dispositionCodes ? q.dispositions : null,
      },
      {
        skills: new Map(merged.skills.map((s) => [s.name, s.kind])),
        // Queues are named by name here: the name is the id the rules compare.
        queues: new Map(
          merged.queues
            .filter((o) => o.name !== q.name)
            .map((o) => [o.name, { name: o.name, active: o.active, overflowQueueId: o.overflowQueue }]),
        ),
        dispositionCodes: new Set(dispositionCodes ?? []),
      },
    );
    return null;
  } catch (err) {
    if (!(err instanceof BadRequestError)) throw err;
    return { field: RULE_FIELDS[err.code] ?? null, message: err.message };
  }
}

const LINE_RULE_FIELDS: Record<string, string> = {
  INVALID_DNIS: 'dnis',
  UNKNOWN_FLOW: 'ivrFlow',
  NO_QUEUE: 'queue',
  UNKNOWN_QUEUE: 'queue',
  QUEUE_DISABLED: 'queue',
  UNKNOWN_TRUNK: 'trunk',
  INVALID_TIME_ZONE: 'timeZone',
  INVALID_LANGUAGE: 'language',
  INVALID_HOURS: 'businessHours',
  INVALID_HOLIDAY: 'holidays',
};

/** The first rule of line-rules.ts the line breaks, with the field it is about. */
function lineRuleProblem(
  line: FullLine,
  queues: ReadonlyMap<string, FullQueue>,
  trunks: ReadonlyMap<string, FullTrunk>,
  flows: readonly string[],
): { field: string | null; message: string } | null {
  const queue = line.queue === null ? undefined : queues.get(line.queue);
  try {
    checkLineDraft(
      {
        dnis: line.dnis,
        name: line.name,
        ivrFlow: line.ivrFlow,
        // Named by name here: the rules only compare them.
        queueId: line.queue,
        trunkId: line.trunk,
        timeZone: line.timeZone,
        language: line.language,
        businessHours: line.businessHours as WeeklyHours | null,
        holidays: line.holidays as HolidayInput[] | null,
      },
      {
        dnisTakenBy: null,
        flows: new Set(flows),
        queue: queue ? { name: queue.name, active: queue.active } : null,
        trunkExists: line.trunk === null || trunks.has(line.trunk),
      },
    );
    return null;
  } catch (err) {
    if (!(err instanceof BadRequestError)) throw err;
    return { field: LINE_RULE_FIELDS[err.code] ?? null, message: err.message };
  }
}

/** A policy's relaxation steps as the queue rules take them (`after` is the older name). */
function relaxationInputs(raw: unknown): RelaxationInput[] {
  if (!Array.isArray(raw)) return [];
  return (raw as Array<Record<string, unknown> | null>).flatMap((s) => {
    if (!s || typeof s !== 'object') return [];
    const after = s.afterSeconds ?? s.after;
    if (typeof after !== 'number') return [];
    const step: RelaxationInput = { afterSeconds: after };
    if (typeof s.minProficiency === 'number') step.minProficiency = s.minProficiency;
    if (Array.isArray(s.dropSkills))
      step.dropSkills = s.dropSkills.filter((x): x is string => typeof x === 'string');
    if (Array.isArray(s.addSkills))
      step.addSkills = (s.addSkills as unknown[]).flatMap((a) => {
        if (typeof a === 'string') return [{ skill: a }];
        const r = a as { skill?: unknown; minProficiency?: unknown } | null;
        if (typeof r?.skill !== 'string') return [];
        return [
          typeof r.minProficiency === 'number'
            ? { skill: r.skill, minProficiency: r.minProficiency }
            : { skill: r.skill },
        ];
      });
    if (s.anyLanguage === true) step.anyLanguage = true;
    return [step];
  });
}

/**
 * Warnings, not problems: an enabled queue of the document no enabled agent can serve (nobody
 * holds every skill it requires at its minimum) takes calls nobody answers.
 */
export function configWarnings(current: ConfigDocument, desired: ConfigDocument): ConfigProblem[] {
  const merged = mergeConfig(current, desired);
  const kinds = new Map(merged.skills.map((s) => [s.name, s.kind]));
  const agents = merged.users
    .filter((u) => u.active && u.agent)
    .map((u) => new Map(u.agent!.skills.map((s) => [s.skill, s.proficiency])));
  const warnings: ConfigProblem[] = [];
  desired.queues?.forEach((d, i) => {
    const q = merged.queues.find((m) => m.name === d.name);
    if (!q?.active) return;
    const required = q.skills.map((s) => ({ ...s, kind: kinds.get(s.skill) ?? 'skill' }));
    if (!agents.some((skills) => servesQueue(skills, required)))
      warnings.push({
        path: `queues[${i}]`,
        message: `queue "${q.name}": no enabled agent holds every skill it requires, so nobody can take its calls`,
      });
  });
  return warnings;
}

function duplicates<T>(
  list: readonly T[] | undefined,
  keyOf: (item: T) => string,
  section: string,
  field: string,
  what: string,
  add: (path: string, message: string) => void,
): void {
  const first = new Map<string, number>();
  list?.forEach((item, i) => {
    const key = keyOf(item);
    const j = first.get(key);
    if (j === undefined) first.set(key, i);
    else add(`${section}[${i}].${field}`, `duplicate ${what} "${key}" (also ${section}[${j}])`);
  });
}

/** The codes of a `[{ code, … }]` setting; undefined when it is not one. */
function codesOf(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const codes = value.map((v: unknown) =>
    v !== null && typeof v === 'object' && typeof (v as { code?: unknown }).code === 'string'
      ? (v as { code: string }).code
      : undefined,
  );
  return codes.every((c) => c !== undefined) ? (codes as string[]) : undefined;
}

/** The ACD's own reading of a queue's policy and strategy (acd-config.ts); null when it reads. */
function policyProblem(q: FullQueue, skills: ReadonlyMap<string, FullSkill>): string | null {
  try {
    queueConfigFromRow({
      id: q.name,
      name: q.name,
      strategy: q.strategy,
      wrapUpSeconds: q.wrapUpSeconds,
      requireDisposition: q.requireDisposition,
      maxWaitSeconds: q.maxWaitSeconds,
      serviceLevelSeconds: q.serviceLevelSeconds,
      overflowQueueId: q.overflowQueue,
      policy: q.policy,
      skills: q.skills
        .filter((s) => skills.has(s.skill))
        .map((s) => ({
          minProficiency: s.minProficiency,
          skill: { name: s.skill, kind: skills.get(s.skill)!.kind },
        })),
    });
    return null;
  } catch (err) {
    return (err instanceof Error ? err.message : String(err)).replace(/^queue [^:]+: /, '');
  }
}

/** Skill names a policy's relaxation steps add or drop. */
function policySkills(policy: unknown): string[] {
  const steps = (policy as { relaxation?: unknown } | null)?.relaxation;
  if (!Array.isArray(steps)) return [];
  const names: string[] = [];
  for (const step of steps as Array<Record<string, unknown>>) {
    for (const s of Array.isArray(step?.addSkills) ? (step.addSkills as unknown[]) : [])
      if (typeof s === 'string') names.push(s);
      else if (s && typeof (s as { skill?: unknown }).skill === 'string')
        names.push((s as { skill: string }).skill);
    for (const s of Array.isArray(step?.dropSkills) ? (step.dropSkills as unknown[]) : [])
      if (typeof s === 'string') names.push(s);
  }
  return names;
}

export type { UserDoc, QueueDoc, LineDoc, TrunkDoc, DialRuleDoc, SkillDoc };
