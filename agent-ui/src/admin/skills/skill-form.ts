// The Skills page's form rules and its mapping to the API's bodies. Pure, so it is unit-tested;
// the name rule mirrors the server's (letters, digits, _ . -, at most 64).
import type { NewSkill, SkillPatch } from '@kefu/cti-server/contract';
import type { SkillView } from '../admin-api.js';

export const SKILL_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

export interface SkillFormValues {
  name: string;
  kind: 'skill' | 'language';
  description?: string | undefined;
}

const description = (v: string | undefined) => v?.trim() || null;

export function skillFormValues(skill: SkillView): SkillFormValues {
  return { name: skill.name, kind: skill.kind, description: skill.description ?? '' };
}

export function toNewSkill(values: SkillFormValues): NewSkill {
  return { name: values.name.trim(), kind: values.kind, description: description(values.description) };
}

/** Only what changed; {} when nothing did. */
export function toSkillPatch(skill: SkillView, values: SkillFormValues): SkillPatch {
  const patch: SkillPatch = {};
  const name = values.name.trim();
  if (name !== skill.name) patch.name = name;
  const text = description(values.description);
  if (text !== skill.description) patch.description = text;
  return patch;
}

/**
 * Whether the skill keeps its name: agents or queues match it by name, so the server refuses a
 * rename while any holds or requires it (the form disables the field; the server still decides).
 */
export function nameLocked(skill: SkillView): boolean {
  return skill.agents > 0 || skill.queues.length > 0;
}

/** The 1–5 distribution as bars: each level's count and its share of the largest (0–1). */
export function proficiencyBars(
  proficiencies: readonly number[],
): { level: number; count: number; share: number }[] {
  const max = Math.max(0, ...proficiencies);
  return [1, 2, 3, 4, 5].map((level) => {
    const count = proficiencies[level - 1] ?? 0;
    return { level, count, share: max === 0 ? 0 : count / max };
  });
}

/** The Agents page filtered to one team. */
export const agentsOfTeam = (team: string) => `/admin/agents?team=${encodeURIComponent(team)}`;
