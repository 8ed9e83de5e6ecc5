import type { EffectiveRequirement, QueueConfig, SkillNeed } from './types.js';

// Wait-time relaxation lives here and nowhere else: given a queue, the call's own extra needs
// and how long it has waited, say what an agent must hold right now.

/** Index of the last step whose `after` has elapsed, or -1. Steps must be sorted by `after`. */
export function relaxationStepAt(queue: QueueConfig, waitedMs: number): number {
  const steps = queue.relaxation ?? [];
  let step = -1;
  for (let i = 0; i < steps.length; i++) {
    if (waitedMs >= steps[i]!.after * 1000) step = i;
    else break;
  }
  return step;
}

/** Milliseconds of waiting at which the next step applies, or null when none is left. */
export function nextRelaxationAtMs(queue: QueueConfig, step: number): number | null {
  const next = queue.relaxation?.[step + 1];
  return next ? next.after * 1000 : null;
}

export function effectiveRequirement(
  queue: QueueConfig,
  step: number,
  call: { extraSkills?: SkillNeed[]; language?: string | null } = {},
): EffectiveRequirement {
  const needs = new Map<string, number>();
  for (const need of [...queue.skills, ...(call.extraSkills ?? [])]) {
    needs.set(need.skill, Math.max(needs.get(need.skill) ?? 1, need.minProficiency));
  }
  let language = call.language !== undefined ? call.language : (queue.language ?? null);
  const alternatives: SkillNeed[][] = [];
  const steps = queue.relaxation ?? [];
  for (let i = 0; i <= step && i < steps.length; i++) {
    const s = steps[i]!;
    if (s.minProficiency !== undefined) {
      for (const [skill, min] of needs) needs.set(skill, Math.min(min, s.minProficiency));
    }
    for (const skill of s.dropSkills ?? []) needs.delete(skill);
    if (s.addSkills && s.addSkills.length > 0) {
      alternatives.push(s.addSkills.map((n) => ({ skill: n.skill, minProficiency: n.minProficiency ?? 1 })));
    }
    if (s.anyLanguage) language = null;
  }
  const base = [...needs].map(([skill, minProficiency]) => ({ skill, minProficiency }));
  return { step, groups: [base, ...alternatives], language };
}

/** Throws on a policy the router could misread (unsorted steps, out-of-range proficiency). */
export function validateQueueConfig(queue: QueueConfig): void {
  const fail = (why: string): never => {
    throw new RangeError(`queue ${queue.id}: ${why}`);
  };
  const checkProficiency = (p: number, where: string) => {
    if (!Number.isInteger(p) || p < 1 || p > 5) fail(`${where} proficiency ${p} is not 1–5`);
  };
  for (const need of queue.skills) checkProficiency(need.minProficiency, need.skill);
  let last = -Infinity;
  for (const step of queue.relaxation ?? []) {
    if (!(step.after >= 0) || step.after < last) fail('relaxation steps must be sorted by after ≥ 0');
    last = step.after;
    if (step.minProficiency !== undefined) checkProficiency(step.minProficiency, 'step');
    for (const n of step.addSkills ?? []) checkProficiency(n.minProficiency ?? 1, n.skill);
  }
  if (queue.overflow && queue.maxWaitSeconds === undefined) fail('overflow needs maxWaitSeconds');
  if (queue.overflow?.kind === 'queue' && queue.overflow.queueId === queue.id) fail('overflow to itself');
}
