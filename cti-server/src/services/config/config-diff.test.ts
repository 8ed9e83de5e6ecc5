import { describe, expect, it } from 'vitest';
import { countChanges, describeCounts, diffConfig } from './config-diff.js';
import type { ConfigDocument } from './config-document.js';

/** A small centre as an export gives it: every field set. */
function centre(): ConfigDocument {
  return {
    version: 1,
    skills: [
      { name: 'en', kind: 'language', description: null },
      { name: 'sales', kind: 'skill', description: 'Sales' },
      { name: 'service', kind: 'skill', description: null },
    ],
    users: [
      {
        username: '1001',
        displayName: 'Li Na',
        roles: ['agent'],
        active: true,
        locale: 'zh-CN',
        agent: {
          extension: '1001',
          team: 'sales',
          languages: ['en'],
          skills: [
            { skill: 'sales', proficiency: 3 },
            { skill: 'service', proficiency: 2 },
          ],
          mayDialOut: true,
          outboundCallsPerHour: null,
        },
      },
      {
        username: 'boss',
        displayName: 'Boss',
        roles: ['admin', 'agent', 'supervisor'],
        active: true,
        locale: 'en',
        agent: null,
      },
    ],
    queues: [
      {
        name: 'sales',
        displayName: 'Sales',
        active: true,
        strategy: 'least_busy',
        skills: [
          { skill: 'en', minProficiency: 1 },
          { skill: 'sales', minProficiency: 2 },
        ],
        wrapUpSeconds: 30,
        requireDisposition: false,
        dispositions: null,
        maxWaitSeconds: 600,
        overflowQueue: null,
        serviceLevelSeconds: 20,
        serviceLevelTarget: 80,
        musicOnHold: null,
        policy: {
          relaxation: [
            { afterSeconds: 30, minProficiency: 1 },
            { afterSeconds: 90, addSkills: ['service'] },
          ],
        },
      },
    ],
    lines: [
      {
        dnis: '4008001000',
        name: 'Sales',
        ivrFlow: null,
        queue: 'sales',
        trunk: null,
        timeZone: 'Asia/Shanghai',
        language: 'zh-CN',
        businessHours: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']] },
        holidays: ['2026-10-01', '2026-10-02'],
      },
    ],
    trunks: [],
    dialRules: [{ scope: 'team', target: 'sales', pattern: '+86*', action: 'allow', note: null }],
    settings: { 'tickets.slaHours': { complaint: 24, default: 48 } },
  };
}

const clone = (doc: ConfigDocument): ConfigDocument => structuredClone(doc);

describe('diffConfig', () => {
  it('finds nothing when the document is the centre', () => {
    expect(diffConfig(centre(), centre())).toEqual([]);
    expect(describeCounts([])).toBe('no changes');
  });

  it('finds nothing for an empty document: sections left out are left alone', () => {
    expect(diffConfig(centre(), { version: 1 })).toEqual([]);
  });

  it('reports a changed field with its before and after, and only that field', () => {
    const doc = clone(centre());
    doc.queues![0]!.wrapUpSeconds = 90;
    expect(diffConfig(centre(), doc)).toEqual([
      {
        entity: 'queue',
        key: 'sales',
        action: 'update',
        fields: [{ field: 'wrapUpSeconds', before: 30, after: 90 }],
      },
    ]);
  });

  it('a field the document leaves out keeps its value', () => {
    const doc: ConfigDocument = { version: 1, queues: [{ name: 'sales', wrapUpSeconds: 30 }] };
    expect(diffConfig(centre(), doc)).toEqual([]);
  });

  it('creates what is missing with the fields given', () => {
    const doc = clone(centre());
    doc.skills!.push({ name: 'billing', kind: 'skill' });
    expect(diffConfig(centre(), doc)).toEqual([
      {
        entity: 'skill',
        key: 'billing',
        action: 'create',
        fields: [{ field: 'kind', before: null, after: 'skill' }],
      },
    ]);
  });

  it('disables users and queues missing from their section, never deletes them', () => {
    const doc = clone(centre());
    doc.users = doc.users!.filter((u) => u.username !== '1001');
    doc.queues = [];
    const changes = diffConfig(centre(), doc);
    expect(changes).toEqual([
      {
        entity: 'user',
        key: '1001',
        action: 'disable',
        fields: [{ field: 'active', before: true, after: false }],
      },
      {
        entity: 'queue',
        key: 'sales',
        action: 'disable',
        fields: [{ field: 'active', before: true, after: false }],
      },
    ]);
    expect(countChanges(changes).user).toEqual({ create: 0, update: 0, disable: 1, delete: 0 });
  });

  it('a user already disabled and missing stays as it is', () => {
    const current = clone(centre());
    current.users![0]!.active = false;
    const doc = clone(current);
    doc.users = doc.users!.slice(1);
    expect(diffConfig(current, doc)).toEqual([]);
  });

  it('skills, lines and settings missing from their section are left alone; dial rules are deleted', () => {
    const doc = clone(centre());
    doc.skills = [];
    doc.lines = [];
    doc.settings = {};
    doc.dialRules = [];
    expect(diffConfig(centre(), doc)).toEqual([
      { entity: 'dialRule', key: 'team:sales:+86*', action: 'delete', fields: [] },
    ]);
  });

  it('lists whose order means nothing compare as sets: skills, languages, holidays', () => {
    const doc = clone(centre());
    doc.users![0]!.agent!.skills!.reverse();
    doc.queues![0]!.skills!.reverse();
    (doc.lines![0]!.holidays as string[]).reverse();
    doc.users![0]!.agent!.languages = ['en'];
    expect(diffConfig(centre(), doc)).toEqual([]);
  });

  it('named holidays compare by date, in any order', () => {
    const current = clone(centre());
    current.lines![0]!.holidays = ['2026-10-01', { date: '2026-10-02', name: 'National Day' }];
    const doc = clone(current);
    doc.lines![0]!.holidays = [{ date: '2026-10-02', name: 'National Day' }, '2026-10-01'];
    expect(diffConfig(current, doc)).toEqual([]);
    doc.lines![0]!.holidays = ['2026-10-01', { date: '2026-10-02', name: '国庆节' }];
    expect(diffConfig(current, doc)).toMatchObject([{ entity: 'line', fields: [{ field: 'holidays' }] }]);
  });

  it('a changed proficiency in a skill list is a change of that list', () => {
    const doc = clone(centre());
    doc.users![0]!.agent!.skills = [
      { skill: 'service', proficiency: 2 },
      { skill: 'sales', proficiency: 5 },
    ];
    const [change] = diffConfig(centre(), doc);
    expect(change).toMatchObject({ entity: 'user', key: '1001', action: 'update' });
    expect(change!.fields).toEqual([
      {
        field: 'agent.skills',
        before: [
          { skill: 'sales', proficiency: 3 },
          { skill: 'service', proficiency: 2 },
        ],
        after: [
          { skill: 'sales', proficiency: 5 },
          { skill: 'service', proficiency: 2 },
        ],
      },
    ]);
  });

  it('relaxation steps are compared in order: swapping two steps is a change', () => {
    const doc = clone(centre());
    const policy = doc.queues![0]!.policy as { relaxation: unknown[] };
    policy.relaxation.reverse();
    expect(diffConfig(centre(), doc)).toMatchObject([
      { entity: 'queue', key: 'sales', action: 'update', fields: [{ field: 'policy' }] },
    ]);
  });

  it('object keys in free-form JSON may come in any order', () => {
    const doc = clone(centre());
    doc.settings = { 'tickets.slaHours': { default: 48, complaint: 24 } };
    doc.lines![0]!.businessHours = { tue: [['09:00', '18:00']], mon: [['09:00', '18:00']] };
    expect(diffConfig(centre(), doc)).toEqual([]);
  });

  it('the primary role is the first; the order of the others means nothing', () => {
    const doc = clone(centre());
    doc.users![1]!.roles = ['admin', 'supervisor', 'agent'];
    expect(diffConfig(centre(), doc)).toEqual([]);
    doc.users![1]!.roles = ['supervisor', 'admin', 'agent'];
    expect(diffConfig(centre(), doc)).toMatchObject([
      { entity: 'user', key: 'boss', action: 'update', fields: [{ field: 'roles' }] },
    ]);
  });

  it('an agent added to an existing user shows its fields; a setting changed shows its value', () => {
    const doc = clone(centre());
    doc.users![1]!.agent = { extension: '1009', skills: [{ skill: 'sales', proficiency: 1 }] };
    doc.settings = { 'tickets.slaHours': { complaint: 12, default: 48 } };
    const changes = diffConfig(centre(), doc);
    expect(changes).toEqual([
      {
        entity: 'user',
        key: 'boss',
        action: 'update',
        fields: [
          { field: 'agent.extension', before: null, after: '1009' },
          { field: 'agent.skills', before: null, after: [{ skill: 'sales', proficiency: 1 }] },
        ],
      },
      {
        entity: 'setting',
        key: 'tickets.slaHours',
        action: 'update',
        fields: [
          {
            field: 'value',
            before: { complaint: 24, default: 48 },
            after: { complaint: 12, default: 48 },
          },
        ],
      },
    ]);
    expect(describeCounts(changes)).toBe('1 user updated, 1 setting updated');
  });
});
