import { describe, expect, it } from 'vitest';
import type { SkillView } from '../admin-api.js';
import {
  SKILL_NAME_PATTERN,
  agentsOfTeam,
  nameLocked,
  proficiencyBars,
  toNewSkill,
  toSkillPatch,
} from './skill-form.js';

const skill = (over: Partial<SkillView> = {}): SkillView => ({
  id: 's1',
  name: 'sales',
  kind: 'skill',
  description: 'Sales advice',
  agents: 3,
  proficiencies: [0, 1, 0, 2, 0],
  queues: ['sales'],
  ...over,
});

describe('skill form', () => {
  it('accepts the names the server accepts', () => {
    for (const ok of ['sales', 'en', 'after_sales.v2', 'x-1'])
      expect(SKILL_NAME_PATTERN.test(ok), ok).toBe(true);
    for (const bad of ['', 'two words', '销售', 'a'.repeat(65), 'a/b'])
      expect(SKILL_NAME_PATTERN.test(bad), bad).toBe(false);
  });

  it('sends a new skill trimmed, an empty description as null', () => {
    expect(toNewSkill({ name: ' refunds ', kind: 'skill', description: '  ' })).toEqual({
      name: 'refunds',
      kind: 'skill',
      description: null,
    });
    expect(toNewSkill({ name: 'yue', kind: 'language', description: 'Cantonese' })).toMatchObject({
      kind: 'language',
      description: 'Cantonese',
    });
  });

  it('sends only what changed', () => {
    expect(toSkillPatch(skill(), { name: 'sales', kind: 'skill', description: 'Sales advice' })).toEqual({});
    expect(toSkillPatch(skill(), { name: 'sales', kind: 'skill', description: '' })).toEqual({
      description: null,
    });
    expect(toSkillPatch(skill({ description: null }), { name: 'retail', kind: 'skill' })).toEqual({
      name: 'retail',
    });
  });

  it('locks the name of a skill agents hold or queues require', () => {
    expect(nameLocked(skill())).toBe(true);
    expect(nameLocked(skill({ agents: 0 }))).toBe(true);
    expect(nameLocked(skill({ agents: 0, queues: [] }))).toBe(false);
  });

  it('draws the distribution relative to its largest level', () => {
    expect(proficiencyBars([0, 1, 0, 2, 0])).toEqual([
      { level: 1, count: 0, share: 0 },
      { level: 2, count: 1, share: 0.5 },
      { level: 3, count: 0, share: 0 },
      { level: 4, count: 2, share: 1 },
      { level: 5, count: 0, share: 0 },
    ]);
    expect(proficiencyBars([0, 0, 0, 0, 0]).every((b) => b.share === 0)).toBe(true);
  });

  it('links a team to the Agents page filtered to it', () => {
    expect(agentsOfTeam('after sales')).toBe('/admin/agents?team=after%20sales');
  });
});
