import {
  validateQueueConfig,
  type AgentProfile,
  type OverflowTarget,
  type QueueConfig,
  type RelaxationStep,
  type Strategy,
} from '../../acd/index.js';

// Database rows → ACD configuration. Pure, so the mapping of `Queue.policy` JSON is testable
// without a database. Skills of kind "language" become languages, not proficiencies.

interface SkillRef {
  name: string;
  kind: string;
}

export interface QueueRow {
  id: string;
  name: string;
  strategy: string;
  wrapUpSeconds: number;
  requireDisposition: boolean;
  maxWaitSeconds: number;
  serviceLevelSeconds: number;
  overflowQueueId: string | null;
  policy: unknown;
  skills: Array<{ minProficiency: number; skill: SkillRef }>;
  /** False: disabled, takes no new calls (default true). */
  active?: boolean;
}

export interface AgentRow {
  id: string;
  skills: Array<{ proficiency: number; skill: SkillRef }>;
}

const STRATEGIES: readonly Strategy[] = [
  'least_busy',
  'longest_idle',
  'fewest_calls',
  'most_proficient',
  'round_robin',
];

export class QueuePolicyError extends Error {}

export function agentProfileFromRow(row: AgentRow): AgentProfile {
  const skills: Record<string, number> = {};
  const languages: string[] = [];
  for (const { skill, proficiency } of row.skills) {
    if (skill.kind === 'language') languages.push(skill.name);
    else skills[skill.name] = proficiency;
  }
  return { id: row.id, skills, languages };
}

/**
 * `Queue.policy` accepts `{ relaxation: [{ afterSeconds | after, minProficiency?, dropSkills?,
 * addSkills?: (name | {skill, minProficiency?})[], anyLanguage? }], language?, ringTimeoutSeconds?,
 * agingPerMinute?, basePriority?, announceEverySeconds?, overflow?: "voicemail" | "callback" }`.
 * An overflow queue (`overflowQueueId`) wins over a policy overflow; either one arms the max-wait
 * timer. A row with `active: false` is a closed queue.
 */
export function queueConfigFromRow(row: QueueRow): QueueConfig {
  const fail = (why: string): never => {
    throw new QueuePolicyError(`queue ${row.name}: ${why}`);
  };
  const policy = asRecord(row.policy ?? {}) ?? fail('policy must be a JSON object');
  if (!STRATEGIES.includes(row.strategy as Strategy)) fail(`unknown strategy "${row.strategy}"`);

  const skills = row.skills
    .filter((s) => s.skill.kind !== 'language')
    .map((s) => ({ skill: s.skill.name, minProficiency: s.minProficiency }));
  const languageSkill = row.skills.find((s) => s.skill.kind === 'language')?.skill.name;
  const language = optionalString(policy.language, 'language', fail) ?? languageSkill ?? null;

  const config: QueueConfig = {
    id: row.id,
    skills,
    language,
    strategy: row.strategy as Strategy,
    relaxation: relaxationSteps(policy.relaxation, fail),
    serviceLevelSeconds: row.serviceLevelSeconds,
    wrapUpSeconds: row.wrapUpSeconds,
    requireDisposition: row.requireDisposition,
  };
  const ring = optionalNumber(policy.ringTimeoutSeconds, 'ringTimeoutSeconds', fail);
  if (ring !== undefined) config.ringTimeoutSeconds = ring;
  const aging = optionalNumber(policy.agingPerMinute, 'agingPerMinute', fail);
  if (aging !== undefined) config.agingPerMinute = aging;
  const base = optionalNumber(policy.basePriority, 'basePriority', fail);
  if (base !== undefined) config.basePriority = base;
  const announce = optionalNumber(policy.announceEverySeconds, 'announceEverySeconds', fail);
  if (announce !== undefined) config.announceEverySeconds = announce;
  if (row.active === false) config.closed = true;
  const overflow = overflowTarget(row, policy.overflow, fail);
  if (overflow) {
    config.overflow = overflow;
    config.maxWaitSeconds = row.maxWaitSeconds;
  }
  try {
    validateQueueConfig(config);
  } catch (err) {
    fail((err as Error).message);
  }
  return config;
}

function relaxationSteps(raw: unknown, fail: (why: string) => never): RelaxationStep[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return fail('policy.relaxation must be an array');
  return raw.map((item: unknown, i) => {
    const where = `policy.relaxation[${i}]`;
    const s = asRecord(item) ?? fail(`${where} must be an object`);
    const after = optionalNumber(s.afterSeconds ?? s.after, `${where}.afterSeconds`, fail);
    if (after === undefined) fail(`${where} needs afterSeconds`);
    const step: RelaxationStep = { after: after! };
    const min = optionalNumber(s.minProficiency, `${where}.minProficiency`, fail);
    if (min !== undefined) step.minProficiency = min;
    if (s.dropSkills !== undefined) step.dropSkills = stringList(s.dropSkills, `${where}.dropSkills`, fail);
    if (s.addSkills !== undefined) {
      if (!Array.isArray(s.addSkills)) fail(`${where}.addSkills must be an array`);
      step.addSkills = (s.addSkills as unknown[]).map((a) => {
        if (typeof a === 'string') return { skill: a };
        const r = asRecord(a);
        if (typeof r?.skill !== 'string') return fail(`${where}.addSkills holds a bad entry`);
        const p = optionalNumber(r.minProficiency, `${where}.addSkills.minProficiency`, fail);
        return p === undefined ? { skill: r.skill } : { skill: r.skill, minProficiency: p };
      });
    }
    if (s.anyLanguage === true) step.anyLanguage = true;
    return step;
  });
}

function overflowTarget(
  row: QueueRow,
  raw: unknown,
  fail: (why: string) => never,
): OverflowTarget | undefined {
  if (row.overflowQueueId) return { kind: 'queue', queueId: row.overflowQueueId };
  if (raw === undefined || raw === null) return undefined;
  if (raw === 'voicemail' || raw === 'callback') return { kind: raw };
  return fail('policy.overflow must be "voicemail" or "callback"');
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function optionalNumber(value: unknown, where: string, fail: (why: string) => never): number | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : fail(`${where} must be a number`);
}

function optionalString(value: unknown, where: string, fail: (why: string) => never): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : fail(`${where} must be a string`);
}

function stringList(value: unknown, where: string, fail: (why: string) => never): string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string')
    ? (value as string[])
    : fail(`${where} must be a list of skill names`);
}
