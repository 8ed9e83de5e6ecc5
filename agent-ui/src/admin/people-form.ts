// The agent form's rules and its mapping to the API's bodies. Pure, so it is unit-tested; the
// rules mirror the server's (extension 3–6 digits, password at least 8 characters, proficiency 1–5).
import type { Role } from '../api/types.js';
import { MIN_PASSWORD_LENGTH } from '../shell/password-rules.js';
import type { AdminUser, AdminUserPatch, AgentSkill, NewAdminUser } from './admin-api.js';

export const EXTENSION_PATTERN = /^\d{3,6}$/;
export const USERNAME_PATTERN = /^[A-Za-z0-9_.@-]{1,64}$/;

/** What the form's fields hold. */
export interface AgentFormValues {
  username: string;
  displayName: string;
  roles: Role[];
  password?: string | undefined;
  locale: 'zh-CN' | 'en';
  extension?: string | undefined;
  team?: string | undefined;
  languages?: string[] | undefined;
  skills?: (Partial<AgentSkill> | undefined)[] | undefined;
}

/** Why a value is refused, as a key of the admin messages; null when it is fine. */
export type Problem =
  | 'errExtension'
  | 'errPasswordShort'
  | 'errRequired'
  | 'errUsername'
  | 'errProficiency'
  | 'errSkillTwice'
  | 'errExtensionForAgent';

export function extensionProblem(value: string | undefined, roles: readonly Role[]): Problem | null {
  const v = value?.trim() ?? '';
  if (!v) return roles.includes('agent') ? 'errExtensionForAgent' : null;
  return EXTENSION_PATTERN.test(v) ? null : 'errExtension';
}

export function passwordProblem(value: string | undefined): Problem | null {
  if (!value) return 'errRequired';
  return value.length >= MIN_PASSWORD_LENGTH ? null : 'errPasswordShort';
}

export function usernameProblem(value: string | undefined): Problem | null {
  const v = value?.trim() ?? '';
  if (!v) return 'errRequired';
  return USERNAME_PATTERN.test(v) ? null : 'errUsername';
}

export function proficiencyProblem(value: unknown): Problem | null {
  if (value === undefined || value === null || value === '') return 'errRequired';
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 5
    ? null
    : 'errProficiency';
}

/** A skill named on two rows (the second one is refused). */
export function skillTwiceProblem(skills: AgentFormValues['skills'], index: number): Problem | null {
  const name = skills?.[index]?.skill;
  if (!name) return null;
  return skills.slice(0, index).some((s) => s?.skill === name) ? 'errSkillTwice' : null;
}

const cleanSkills = (skills: AgentFormValues['skills']): AgentSkill[] =>
  (skills ?? [])
    .filter((s): s is AgentSkill => Boolean(s?.skill) && typeof s?.proficiency === 'number')
    .map(({ skill, proficiency }) => ({ skill, proficiency }));

/** POST /api/admin/users from the form: an agent part only with an extension. */
export function toNewUser(values: AgentFormValues): NewAdminUser {
  const extension = values.extension?.trim();
  const team = values.team?.trim();
  return {
    username: values.username.trim(),
    displayName: values.displayName.trim(),
    roles: values.roles,
    password: values.password ?? '',
    locale: values.locale,
    ...(extension && {
      agent: {
        extension,
        ...(team && { team }),
        languages: values.languages ?? [],
        skills: cleanSkills(values.skills),
      },
    }),
  };
}

/**
 * PATCH /api/admin/users/:id from the form: only what changed (an empty patch when nothing did).
 * A supervisor may change only the skills.
 */
export function toPatch(user: AdminUser, values: AgentFormValues, onlySkills = false): AdminUserPatch {
  const patch: AdminUserPatch = {};
  const agent: NonNullable<AdminUserPatch['agent']> = {};
  if (user.agent) {
    const skills = cleanSkills(values.skills);
    if (JSON.stringify(skills) !== JSON.stringify(user.agent.skills)) agent.skills = skills;
  }
  if (!onlySkills) {
    const displayName = values.displayName.trim();
    if (displayName !== user.displayName) patch.displayName = displayName;
    if (JSON.stringify(values.roles) !== JSON.stringify(user.roles)) patch.roles = values.roles;
    if (values.locale !== user.locale) patch.locale = values.locale;
    if (user.agent) {
      const team = values.team?.trim() || null;
      if (team !== user.agent.team) agent.team = team;
      const languages = values.languages ?? [];
      if (JSON.stringify(languages) !== JSON.stringify(user.agent.languages)) agent.languages = languages;
    }
  }
  if (Object.keys(agent).length > 0) patch.agent = agent;
  return patch;
}

/** The form's values for an existing user. */
export function toFormValues(user: AdminUser): AgentFormValues {
  return {
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    locale: user.locale,
    extension: user.agent?.extension,
    team: user.agent?.team ?? undefined,
    languages: user.agent?.languages ?? [],
    skills: user.agent?.skills ?? [],
  };
}

const words = (field: string) => field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

/**
 * The form field a server's 400/409 message is about ("extension 1050 is taken",
 * "body/agent/extension must match pattern", "username exists"), so it is shown under that field;
 * null when it names none of them. Longer names first: "sipPassword" is not "password".
 */
export function fieldOfServerError<F extends string>(message: string, fields: readonly F[]): F | null {
  const text = message.toLowerCase();
  const byLength = [...fields].sort((a, b) => b.length - a.length);
  for (const field of byLength) {
    const name = field.toLowerCase();
    const names = [name, words(field), ...(name.endsWith('s') ? [name.slice(0, -1)] : [])];
    if (text.includes(`/${name}`) || new RegExp(`(^|[^a-z])(${names.join('|')})([^a-z]|$)`).test(text))
      return field;
  }
  return null;
}
