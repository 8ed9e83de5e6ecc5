import { describe, expect, it } from 'vitest';
import { auditDiff, displayValue } from './audit-diff.js';

describe('audit before → after', () => {
  it('lists every field of a created entity as added, without ids and timestamps', () => {
    const after = {
      id: 'u1',
      username: 'a1050',
      roles: ['agent'],
      agent: { extension: '1050', skills: [{ skill: 'sales', proficiency: 5 }] },
      createdAt: '2026-12-04T08:00:00.000Z',
    };
    expect(auditDiff(null, after)).toEqual([
      { path: 'username', before: null, after: 'a1050' },
      { path: 'roles', before: null, after: 'agent' },
      { path: 'agent.extension', before: null, after: '1050' },
      { path: 'agent.skills', before: null, after: 'sales 5' },
    ]);
  });

  it('shows only what changed, nested by path', () => {
    const before = {
      displayName: 'Li',
      active: true,
      agent: { team: 'sales', languages: ['zh'] },
      updatedAt: 'x',
    };
    const after = {
      displayName: 'Li Na',
      active: false,
      agent: { team: null, languages: ['zh'] },
      updatedAt: 'y',
    };
    expect(auditDiff(before, after)).toEqual([
      { path: 'displayName', before: 'Li', after: 'Li Na' },
      { path: 'active', before: 'true', after: 'false' },
      { path: 'agent.team', before: 'sales', after: null },
    ]);
  });

  it('says nothing when nothing changed', () => {
    expect(auditDiff({ a: 1 }, { a: 1 })).toEqual([]);
  });

  it('writes values short', () => {
    expect(displayValue([])).toBe('[]');
    expect(displayValue(['zh', 'en'])).toBe('zh, en');
    expect(displayValue(undefined)).toBeNull();
    expect(
      displayValue([
        { skill: 'sales', proficiency: 5 },
        { skill: 'zh', proficiency: 3 },
      ]),
    ).toBe('sales 5, zh 3');
  });
});
