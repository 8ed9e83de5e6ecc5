import { describe, expect, it } from 'vitest';
import { BadRequestError, ForbiddenError } from '../../errors.js';
import { checkExtension, checkPassword, checkPatchAllowed, checkRoles, skillRows } from './people-rules.js';

const catalogue = [
  { id: 's-sales', name: 'sales', kind: 'skill' },
  { id: 's-service', name: 'service', kind: 'skill' },
  { id: 'l-zh', name: 'zh', kind: 'language' },
  { id: 'l-en', name: 'en', kind: 'language' },
];

describe('people rules', () => {
  it.each(['100', '1050', '123456'])('extension %s is good', (e) =>
    expect(() => checkExtension(e)).not.toThrow(),
  );
  it.each(['12', '1234567', '10a0', '', ' 1050'])('extension "%s" is refused', (e) =>
    expect(() => checkExtension(e)).toThrow(BadRequestError),
  );

  it('passwords have at least 8 characters', () => {
    expect(() => checkPassword('1234567')).toThrow(/at least 8/);
    expect(() => checkPassword('12345678')).not.toThrow();
  });

  it('roles: at least one, known, each once, agent only with an agent; the order is kept', () => {
    expect(checkRoles(['supervisor', 'agent'], true)).toEqual(['supervisor', 'agent']);
    expect(() => checkRoles([], false)).toThrow(/at least one/);
    expect(() => checkRoles(['root'], false)).toThrow(/unknown role root/);
    expect(() => checkRoles(['admin', 'admin'], false)).toThrow(/twice/);
    expect(() => checkRoles(['agent'], false)).toThrow(/needs an agent/);
  });

  it('skills and languages become AgentSkill rows; languages keep their proficiency', () => {
    expect(
      skillRows(catalogue, [{ skill: 'sales', proficiency: 5 }], ['zh', 'en', 'zh'], (l) =>
        l === 'en' ? 3 : 5,
      ),
    ).toEqual([
      { skillId: 's-sales', proficiency: 5 },
      { skillId: 'l-zh', proficiency: 5 },
      { skillId: 'l-en', proficiency: 3 },
    ]);
  });

  it.each([
    [[{ skill: 'juggling', proficiency: 3 }], [], /unknown skill juggling/],
    [[{ skill: 'sales', proficiency: 9 }], [], /from 1 to 5 \(got 9\)/],
    [[{ skill: 'sales', proficiency: 0 }], [], /from 1 to 5/],
    [[{ skill: 'sales', proficiency: 1.5 }], [], /from 1 to 5/],
    [
      [
        { skill: 'sales', proficiency: 2 },
        { skill: 'sales', proficiency: 3 },
      ],
      [],
      /twice/,
    ],
    [[{ skill: 'zh', proficiency: 3 }], [], /zh is a language/],
    [[], ['sales'], /unknown language sales/],
    [[], ['tlh'], /unknown language tlh/],
  ])('refuses skills %j languages %j', (skills, languages, message) => {
    expect(() => skillRows(catalogue, skills, languages)).toThrow(message);
  });

  it('supervisors may change agent.skills only; admins anything', () => {
    expect(() => checkPatchAllowed({ agent: { skills: [] } }, ['supervisor'])).not.toThrow();
    expect(() => checkPatchAllowed({ displayName: 'x' }, ['supervisor'])).toThrow(ForbiddenError);
    expect(() => checkPatchAllowed({ agent: { skills: [], team: 'x' } }, ['supervisor'])).toThrow(
      /agent\.team/,
    );
    expect(() => checkPatchAllowed({ roles: ['admin'] }, ['agent', 'supervisor'])).toThrow(/roles/);
    expect(() =>
      checkPatchAllowed({ roles: ['admin'], agent: { team: null } }, ['supervisor', 'admin']),
    ).not.toThrow();
  });
});
