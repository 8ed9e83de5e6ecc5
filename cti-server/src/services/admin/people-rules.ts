// The rules of the administration of people, without a database: what a valid extension,
// role set, skill list and password are, and what a supervisor may change. Unit-tested.
import { BadRequestError, ForbiddenError } from '../../errors.js';
import { ROLES, type Role } from '../auth/auth-user.js';

export const EXTENSION = /^\d{3,6}$/;
export const MIN_PASSWORD = 8;

export function checkExtension(extension: string): void {
  if (!EXTENSION.test(extension))
    throw new BadRequestError(`extension ${extension} must be 3 to 6 digits`, 'BAD_EXTENSION');
}

export function checkPassword(password: string, what = 'password'): void {
  if (password.length < MIN_PASSWORD)
    throw new BadRequestError(`${what} must be at least ${MIN_PASSWORD} characters`, 'WEAK_PASSWORD');
}

/** The roles in the order given (the first is the primary one), each once. */
export function checkRoles(roles: readonly string[], hasAgent: boolean): Role[] {
  if (roles.length === 0) throw new BadRequestError('a user needs at least one role', 'BAD_ROLES');
  const unknown = roles.filter((r) => !ROLES.includes(r as Role));
  if (unknown.length > 0) throw new BadRequestError(`unknown role ${unknown.join(', ')}`, 'BAD_ROLES');
  const unique = [...new Set(roles)] as Role[];
  if (unique.length !== roles.length) throw new BadRequestError('a role is named twice', 'BAD_ROLES');
  if (unique.includes('agent') && !hasAgent)
    throw new BadRequestError('the agent role needs an agent (extension): give agent', 'AGENT_REQUIRED');
  return unique;
}

export interface CatalogueSkill {
  id: string;
  name: string;
  kind: string;
}

export interface SkillGrant {
  skill: string;
  proficiency: number;
}

/**
 * The AgentSkill rows for an agent's skills and languages. Skills are named by their name, each
 * once, proficiency an integer 1–5; languages are skills of kind "language" (the ACD matches a
 * caller's language on them). Unknown names are a 400 naming them.
 */
export function skillRows(
  catalogue: readonly CatalogueSkill[],
  skills: readonly SkillGrant[],
  languages: readonly string[],
  /** Proficiency a language keeps (languages have none in the API; 5 for a new one). */
  languageProficiency: (name: string) => number = () => 5,
): Array<{ skillId: string; proficiency: number }> {
  const byName = new Map(catalogue.map((s) => [s.name, s]));
  const unknownSkills = skills.filter((s) => !byName.has(s.skill));
  if (unknownSkills.length > 0)
    throw new BadRequestError(
      `unknown skill ${unknownSkills.map((s) => s.skill).join(', ')}`,
      'UNKNOWN_SKILL',
    );
  const notSkills = skills.filter((s) => byName.get(s.skill)?.kind === 'language');
  if (notSkills.length > 0)
    throw new BadRequestError(
      `${notSkills.map((s) => s.skill).join(', ')} is a language: give it in languages`,
      'UNKNOWN_SKILL',
    );
  const badLevel = skills.find(
    (s) => !Number.isInteger(s.proficiency) || s.proficiency < 1 || s.proficiency > 5,
  );
  if (badLevel)
    throw new BadRequestError(
      `proficiency of ${badLevel.skill} must be an integer from 1 to 5 (got ${badLevel.proficiency})`,
      'BAD_PROFICIENCY',
    );
  const twice = skills.find((s, i) => skills.findIndex((o) => o.skill === s.skill) !== i);
  if (twice) throw new BadRequestError(`skill ${twice.skill} is named twice`, 'DUPLICATE_SKILL');
  const unknownLanguages = languages.filter((l) => byName.get(l)?.kind !== 'language');
  if (unknownLanguages.length > 0)
    throw new BadRequestError(`unknown language ${unknownLanguages.join(', ')}`, 'UNKNOWN_LANGUAGE');
  const langs = [...new Set(languages)];
  return [
    ...skills.map((s) => ({ skillId: byName.get(s.skill)!.id, proficiency: s.proficiency })),
    ...langs.map((l) => ({ skillId: byName.get(l)!.id, proficiency: languageProficiency(l) })),
  ];
}

/** A PATCH of a user's fields, as the API takes it. */
export interface UserPatch {
  displayName?: string | undefined;
  roles?: string[] | undefined;
  locale?: string | undefined;
  agent?:
    | {
        team?: string | null | undefined;
        languages?: string[] | undefined;
        skills?: SkillGrant[] | undefined;
        mayDialOut?: boolean | undefined;
      }
    | undefined;
}

/** Supervisors may change an agent's skills and nothing else; admins anything. */
export function checkPatchAllowed(patch: UserPatch, actorRoles: readonly Role[]): void {
  if (actorRoles.includes('admin')) return;
  const fields = [
    ...Object.keys(patch).filter((k) => k !== 'agent' && patch[k as keyof UserPatch] !== undefined),
    ...Object.keys(patch.agent ?? {})
      .filter(
        (k) => k !== 'skills' && patch.agent?.[k as keyof NonNullable<UserPatch['agent']>] !== undefined,
      )
      .map((k) => `agent.${k}`),
  ];
  if (fields.length > 0)
    throw new ForbiddenError(`supervisors may change only agent.skills (not ${fields.join(', ')})`);
}
