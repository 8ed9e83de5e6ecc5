import { describe, expect, it } from 'vitest';
import type { AdminUser } from './admin-api.js';
import {
  extensionProblem,
  fieldOfServerError,
  passwordProblem,
  proficiencyProblem,
  skillTwiceProblem,
  toNewUser,
  toPatch,
  toFormValues,
  usernameProblem,
} from './people-form.js';

const user: AdminUser = {
  id: 'u1',
  username: 'a1050',
  displayName: 'Agent 1050',
  roles: ['agent'],
  locale: 'zh-CN',
  active: true,
  mustChangePassword: true,
  agent: {
    extension: '1050',
    team: 'sales',
    languages: ['zh'],
    skills: [{ skill: 'sales', proficiency: 5 }],
    mayDialOut: true,
  },
  createdAt: '2026-12-04T08:00:00.000Z',
  updatedAt: '2026-12-04T08:00:00.000Z',
};

describe('agent form rules (as the server checks them)', () => {
  it('wants an extension of 3–6 digits, and one for every agent', () => {
    expect(extensionProblem('1050', ['agent'])).toBeNull();
    expect(extensionProblem('100', ['agent'])).toBeNull();
    expect(extensionProblem('123456', ['agent'])).toBeNull();
    expect(extensionProblem('12', ['agent'])).toBe('errExtension');
    expect(extensionProblem('1234567', ['agent'])).toBe('errExtension');
    expect(extensionProblem('10a0', ['agent'])).toBe('errExtension');
    expect(extensionProblem('', ['agent'])).toBe('errExtensionForAgent');
    expect(extensionProblem(undefined, ['admin'])).toBeNull();
  });

  it('wants a password of at least 8 characters', () => {
    expect(passwordProblem('')).toBe('errRequired');
    expect(passwordProblem('1234567')).toBe('errPasswordShort');
    expect(passwordProblem('12345678')).toBeNull();
  });

  it('checks usernames, proficiencies and skills named twice', () => {
    expect(usernameProblem('a1050')).toBeNull();
    expect(usernameProblem('with space')).toBe('errUsername');
    expect(usernameProblem(' ')).toBe('errRequired');
    expect(proficiencyProblem(5)).toBeNull();
    expect(proficiencyProblem(0)).toBe('errProficiency');
    expect(proficiencyProblem(2.5)).toBe('errProficiency');
    expect(proficiencyProblem(undefined)).toBe('errRequired');
    const skills = [
      { skill: 'sales', proficiency: 5 },
      { skill: 'sales', proficiency: 3 },
    ];
    expect(skillTwiceProblem(skills, 0)).toBeNull();
    expect(skillTwiceProblem(skills, 1)).toBe('errSkillTwice');
  });
});

describe('agent form → API', () => {
  it('creates a user with an agent part only when it has an extension', () => {
    expect(
      toNewUser({
        username: ' a1050 ',
        displayName: 'Agent 1050',
        roles: ['agent'],
        password: 'secret-1050',
        locale: 'en',
        extension: '1050',
        team: '',
        skills: [{ skill: 'sales', proficiency: 5 }, undefined, { skill: 'zh' }],
      }),
    ).toEqual({
      username: 'a1050',
      displayName: 'Agent 1050',
      roles: ['agent'],
      password: 'secret-1050',
      locale: 'en',
      agent: { extension: '1050', languages: [], skills: [{ skill: 'sales', proficiency: 5 }] },
    });
    const admin = toNewUser({
      username: 'boss',
      displayName: 'Boss',
      roles: ['admin'],
      password: 'x'.repeat(8),
      locale: 'en',
    });
    expect(admin.agent).toBeUndefined();
  });

  it('patches only what changed', () => {
    expect(toPatch(user, toFormValues(user))).toEqual({});
    const values = {
      ...toFormValues(user),
      displayName: 'Li Na',
      team: '',
      skills: [{ skill: 'sales', proficiency: 4 }],
    };
    expect(toPatch(user, values)).toEqual({
      displayName: 'Li Na',
      agent: { team: null, skills: [{ skill: 'sales', proficiency: 4 }] },
    });
  });

  it('lets a supervisor change only the skills', () => {
    const values = {
      ...toFormValues(user),
      displayName: 'Li Na',
      skills: [{ skill: 'service', proficiency: 2 }],
    };
    expect(toPatch(user, values, true)).toEqual({
      agent: { skills: [{ skill: 'service', proficiency: 2 }] },
    });
  });
});

describe('server errors shown at their field', () => {
  const fields = ['username', 'displayName', 'password', 'extension', 'team', 'skills'] as const;
  it('finds the field a 400 or 409 message names', () => {
    expect(fieldOfServerError('extension 1050 is already taken', fields)).toBe('extension');
    expect(fieldOfServerError('username a1050 exists', fields)).toBe('username');
    expect(fieldOfServerError('body/agent/extension must match pattern "^[0-9]{3,6}$"', fields)).toBe(
      'extension',
    );
    expect(fieldOfServerError('body/password must NOT have fewer than 8 characters', fields)).toBe(
      'password',
    );
    expect(fieldOfServerError('display name is required', fields)).toBe('displayName');
    expect(fieldOfServerError('unknown skill juggling', fields)).toBe('skills');
  });
  it('does not take a longer word for a field', () => {
    expect(fieldOfServerError('sipPassword could not be made', ['password'])).toBeNull();
    expect(fieldOfServerError('teams are full', ['team'])).toBeNull();
    expect(fieldOfServerError('something else broke', fields)).toBeNull();
  });
});
