import { BadRequestError } from '../../errors.js';

/**
 * The administration's checks of a queue against the rest of the centre, pure so they are
 * tested without a database: skills that exist, proficiencies 1–5, relaxation steps that make
 * sense, an overflow queue that exists, is not the queue itself, is enabled and does not lead
 * back to it, disposition codes that exist. Each failure is a 400 naming what is wrong.
 */

export const STRATEGIES = [
  'least_busy',
  'longest_idle',
  'fewest_calls',
  'most_proficient',
  'round_robin',
] as const;

export interface RelaxationInput {
  afterSeconds: number;
  minProficiency?: number | undefined;
  dropSkills?: string[] | undefined;
  addSkills?: Array<{ skill: string; minProficiency?: number | undefined }> | undefined;
  anyLanguage?: boolean | undefined;
}

export type OverflowInput =
  { kind: 'none' } | { kind: 'queue'; queueId: string } | { kind: 'voicemail' } | { kind: 'callback' };

/** The queue as it will be once written (the patch applied to the stored queue). */
export interface QueueDraft {
  /** Undefined while it is being created. */
  id?: string | undefined;
  name: string;
  strategy: string;
  skills: Array<{ skill: string; minProficiency: number }>;
  relaxation: RelaxationInput[];
  overflow: OverflowInput;
  maxWaitSeconds: number;
  dispositions: string[] | null;
}

export interface QueueContext {
  /** Skill name → kind ("skill" | "language"). */
  skills: ReadonlyMap<string, string>;
  /** Every other queue: id → its name, whether enabled, and its own overflow queue. */
  queues: ReadonlyMap<string, { name: string; active: boolean; overflowQueueId: string | null }>;
  /** Disposition codes defined (Setting `dispositions`). */
  dispositionCodes: ReadonlySet<string>;
}

const fail = (message: string, code = 'INVALID_QUEUE'): never => {
  throw new BadRequestError(message, code);
};

function checkProficiency(value: number, where: string): void {
  if (!Number.isInteger(value) || value < 1 || value > 5)
    fail(`${where}: proficiency ${value} is not 1–5`, 'INVALID_PROFICIENCY');
}

function checkSkill(ctx: QueueContext, name: string, where: string): void {
  if (!ctx.skills.has(name)) fail(`${where}: unknown skill "${name}"`, 'UNKNOWN_SKILL');
}

export function checkQueueDraft(draft: QueueDraft, ctx: QueueContext): void {
  if (!(STRATEGIES as readonly string[]).includes(draft.strategy))
    fail(`unknown strategy "${draft.strategy}" (one of ${STRATEGIES.join(', ')})`, 'UNKNOWN_STRATEGY');

  const seen = new Set<string>();
  let languages = 0;
  for (const need of draft.skills) {
    checkSkill(ctx, need.skill, 'skills');
    checkProficiency(need.minProficiency, `skill ${need.skill}`);
    if (seen.has(need.skill)) fail(`skill ${need.skill} is listed twice`);
    seen.add(need.skill);
    if (ctx.skills.get(need.skill) === 'language') languages++;
  }
  if (languages > 1) fail('a queue has at most one language skill (its language)');

  let last = -1;
  draft.relaxation.forEach((step, i) => {
    const where = `relaxation step ${i + 1}`;
    if (!Number.isFinite(step.afterSeconds) || step.afterSeconds < 0)
      fail(`${where}: afterSeconds must be 0 or more`, 'INVALID_RELAXATION');
    if (step.afterSeconds <= last)
      fail(
        `${where}: steps must come in order of waiting time (${step.afterSeconds} s is not after ${last} s)`,
        'INVALID_RELAXATION',
      );
    last = step.afterSeconds;
    if (step.minProficiency !== undefined) checkProficiency(step.minProficiency, where);
    for (const skill of step.dropSkills ?? []) {
      checkSkill(ctx, skill, where);
      if (!seen.has(skill))
        fail(`${where}: drops skill ${skill}, which the queue does not require`, 'INVALID_RELAXATION');
    }
    for (const add of step.addSkills ?? []) {
      checkSkill(ctx, add.skill, where);
      if (add.minProficiency !== undefined) checkProficiency(add.minProficiency, `${where} ${add.skill}`);
    }
    const changes =
      step.minProficiency !== undefined ||
      (step.dropSkills?.length ?? 0) > 0 ||
      (step.addSkills?.length ?? 0) > 0 ||
      step.anyLanguage === true;
    if (!changes)
      fail(`${where}: changes nothing (lower, drop or add a skill, or any language)`, 'INVALID_RELAXATION');
  });

  if (draft.overflow.kind === 'queue') checkOverflowQueue(draft, draft.overflow.queueId, ctx);

  if (draft.dispositions !== null) {
    const unknown = draft.dispositions.filter((c) => !ctx.dispositionCodes.has(c));
    if (unknown.length > 0)
      fail(
        `unknown disposition code${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} ` +
          `(defined: ${[...ctx.dispositionCodes].join(', ')})`,
        'UNKNOWN_DISPOSITION',
      );
    if (new Set(draft.dispositions).size !== draft.dispositions.length)
      fail('a disposition code is listed twice', 'UNKNOWN_DISPOSITION');
  }
}

function checkOverflowQueue(draft: QueueDraft, targetId: string, ctx: QueueContext): void {
  if (draft.id !== undefined && targetId === draft.id)
    fail(`queue ${draft.name} cannot overflow to itself`, 'INVALID_OVERFLOW');
  const target = ctx.queues.get(targetId);
  if (!target) fail(`overflow queue ${targetId} does not exist`, 'INVALID_OVERFLOW');
  if (!target!.active) fail(`overflow queue ${target!.name} is disabled`, 'INVALID_OVERFLOW');
  if (draft.id === undefined) return;
  // Follow the target's own overflow chain: reaching this queue again would loop callers.
  const path = [draft.name, target!.name];
  const visited = new Set<string>([targetId]);
  let next = target!.overflowQueueId;
  while (next !== null) {
    if (next === draft.id) fail(`overflow cycle: ${[...path, draft.name].join(' → ')}`, 'OVERFLOW_CYCLE');
    if (visited.has(next)) break;
    visited.add(next);
    const q = ctx.queues.get(next);
    if (!q) break;
    path.push(q.name);
    next = q.overflowQueueId;
  }
}

/**
 * Labelled codes (not-ready reasons, dispositions): unique codes. The schema checks each code's
 * form and that both labels are there.
 */
export function checkCodeList(list: Array<{ code: string }>, what: string): void {
  const seen = new Set<string>();
  for (const { code } of list) {
    if (seen.has(code)) fail(`${what}: code ${code} is listed twice`, 'DUPLICATE_CODE');
    seen.add(code);
  }
}

/** Skills and languages an agent holds → whether they may take this queue's calls (base skills). */
export function servesQueue(
  agentSkills: ReadonlyMap<string, number>,
  required: Array<{ skill: string; minProficiency: number; kind: string }>,
): boolean {
  return required
    .filter((r) => r.kind !== 'language')
    .every((r) => (agentSkills.get(r.skill) ?? 0) >= r.minProficiency);
}
