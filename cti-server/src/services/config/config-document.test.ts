import { describe, expect, it } from 'vitest';
import { checkConfig, configWarnings, mergeConfig } from './config-check.js';
import { formatConfig, parseConfig, pathOf, segmentsOf, type ConfigDocument } from './config-document.js';

const centre: ConfigDocument = {
  version: 1,
  skills: [
    { name: 'sales', kind: 'skill', description: null },
    { name: 'zh', kind: 'language', description: null },
  ],
  users: [
    {
      username: 'admin',
      displayName: 'Admin',
      roles: ['admin'],
      active: true,
      locale: 'en',
      agent: null,
    },
    {
      username: '1001',
      displayName: 'Li Na',
      roles: ['agent'],
      active: true,
      locale: 'zh-CN',
      agent: {
        extension: '1001',
        team: 'sales',
        languages: ['zh'],
        skills: [{ skill: 'sales', proficiency: 3 }],
        mayDialOut: true,
        outboundCallsPerHour: null,
      },
    },
  ],
  queues: [
    {
      name: 'sales',
      displayName: 'Sales',
      active: true,
      strategy: 'least_busy',
      skills: [{ skill: 'sales', minProficiency: 1 }],
      wrapUpSeconds: 30,
      requireDisposition: false,
      dispositions: null,
      maxWaitSeconds: 600,
      overflowQueue: null,
      serviceLevelSeconds: 20,
      serviceLevelTarget: 80,
      musicOnHold: null,
      policy: { relaxation: [] },
    },
  ],
  lines: [
    {
      dnis: '4008001000',
      name: 'Sales',
      ivrFlow: 'sales-hotline',
      queue: 'sales',
      trunk: null,
      timeZone: 'Asia/Shanghai',
      language: 'zh-CN',
      businessHours: { mon: [['09:00', '18:00']] },
      holidays: ['2026-10-01'],
    },
  ],
  trunks: [],
  dialRules: [],
  settings: { dispositions: [{ code: 'sale' }] },
};
const context = { flows: ['sales-hotline'], audioAssets: [], actorUsername: 'admin' };

describe('config document', () => {
  it('formats canonically: the same centre in any order gives the same bytes, digits stay strings', () => {
    const shuffled: ConfigDocument = {
      ...centre,
      users: [...centre.users!].reverse(),
      skills: [...centre.skills!].reverse(),
    };
    const yaml = formatConfig(centre, 'yaml');
    expect(formatConfig(shuffled, 'yaml')).toBe(yaml);
    expect(yaml).toContain('extension: "1001"');
    expect(yaml).toContain('dnis: "4008001000"');
    expect(yaml).toContain('roles: [agent]');
    expect(yaml).toContain('mon: [[09:00, 18:00]]');
    const parsed = parseConfig(yaml);
    expect(parsed.ok && parsed.document.users![0]!.username).toBe('1001');
    expect(parseConfig(formatConfig(centre, 'json'))).toMatchObject({ ok: true });
  });

  it('round-trips: parse(format(doc)) formats to the same text', () => {
    const yaml = formatConfig(centre, 'yaml');
    const parsed = parseConfig(yaml);
    if (!parsed.ok) throw new Error('not parsed');
    expect(formatConfig(parsed.document, 'yaml')).toBe(yaml);
  });

  it('lists every schema problem with its path and line', () => {
    const text = [
      'version: 1',
      'queues:',
      '  - name: sales',
      '    wrapUpSeconds: -5',
      '    strategy: fastest',
      '    colour: blue',
      'users:',
      '  - displayName: No Name',
    ].join('\n');
    const parsed = parseConfig(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual(
      expect.arrayContaining([
        { path: 'queues[0].wrapUpSeconds', message: 'must be >= 0', line: 4 },
        expect.objectContaining({ path: 'queues[0].strategy', line: 5 }),
        { path: 'queues[0].colour', message: 'unknown field "colour"', line: 6 },
        { path: 'users[0]', message: 'missing field "username"', line: 8 },
      ]),
    );
    expect(parsed.problems).toHaveLength(4);
  });

  it('reports a YAML syntax error with its line, and a wrong version', () => {
    const bad = parseConfig('version: 1\nqueues:\n  - name: "unclosed\n');
    expect(bad).toMatchObject({ ok: false, problems: [{ path: '(document)', line: expect.any(Number) }] });
    expect(parseConfig('version: 2\n')).toMatchObject({
      ok: false,
      problems: [{ path: 'version', message: 'must be 1', line: 1 }],
    });
    expect(parseConfig('')).toMatchObject({ ok: false });
  });

  it('reads JSON as well, with lines', () => {
    const parsed = parseConfig('{\n  "version": 1,\n  "skills": [\n    { "name": 5 }\n  ]\n}\n');
    expect(parsed).toMatchObject({
      ok: false,
      problems: [{ path: 'skills[0].name', message: 'must be string', line: 4 }],
    });
  });

  it('paths and their segments', () => {
    expect(pathOf('/queues/2/skills/0/skill')).toBe('queues[2].skills[0].skill');
    expect(pathOf('/settings/tickets.slaHours')).toBe('settings["tickets.slaHours"]');
    expect(segmentsOf('settings["tickets.slaHours"].x')).toEqual(['settings', 'tickets.slaHours', 'x']);
    expect(segmentsOf('queues[2].skills[0]')).toEqual(['queues', 2, 'skills', 0]);
  });
});

describe('checkConfig', () => {
  const check = (doc: ConfigDocument) => checkConfig(centre, doc, context);

  it('finds nothing wrong with the centre itself', () => {
    expect(check(centre)).toEqual([]);
  });

  it('lists every problem at once, each at its path', () => {
    const doc = structuredClone(centre);
    doc.queues![0]!.skills = [{ skill: 'salse', minProficiency: 1 }];
    doc.users![1]!.agent!.skills = [{ skill: 'sales', proficiency: 9 }];
    doc.users!.push({ username: 'x', roles: ['agent', 'wizard'], agent: { extension: '1001' } });
    doc.lines![0]!.queue = 'nowhere';
    doc.lines![0]!.ivrFlow = 'missing-flow';
    doc.lines![0]!.businessHours = { mon: [['25:00', '09:00']] };
    expect(check(doc).map((p) => `${p.path}: ${p.message}`)).toEqual([
      "users[1].agent.extension: extension 1001 is also x's",
      'users[1].agent.skills[0].proficiency: proficiency must be an integer from 1 to 5 (got 9)',
      'users[2].roles[1]: unknown role "wizard"',
      "users[2].agent.extension: extension 1001 is also 1001's",
      'queues[0].skills[0].skill: unknown skill "salse"',
      'lines[0].queue: unknown queue "nowhere"',
      'lines[0].ivrFlow: unknown IVR flow "missing-flow" (known: sales-hotline)',
      expect.stringMatching(/^lines\[0\]\.businessHours: line 4008001000: /),
    ]);
  });

  it('refuses duplicates, overflow cycles and a line on a disabled queue', () => {
    const doc = structuredClone(centre);
    doc.queues!.push(
      { name: 'a', overflowQueue: 'b' },
      { name: 'b', overflowQueue: 'a' },
      { name: 'sales', displayName: 'twice' },
    );
    doc.queues![0]!.active = false;
    const messages = check(doc).map((p) => `${p.path}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'queues[3].name: duplicate queue "sales" (also queues[0])',
        'queues[1].overflowQueue: overflow cycle: a → b → a',
        'lines[0].queue: points at queue "sales", which is disabled',
      ]),
    );
  });

  it('a language is not a skill, an agent keeps its extension, nobody disables themselves', () => {
    const doc = structuredClone(centre);
    doc.users![1]!.agent!.skills = [{ skill: 'zh', proficiency: 3 }];
    doc.users![1]!.agent!.extension = '1002';
    doc.users![0]!.active = false;
    expect(check(doc).map((p) => `${p.path}: ${p.message}`)).toEqual([
      'users[0].active: you cannot disable yourself',
      expect.stringMatching(/^users\[1\]\.agent\.extension: agent 1001 has extension 1001: /),
      'users[1].agent.skills[0].skill: "zh" is a language: give it in languages',
    ]);
  });

  it('checks relaxation steps as the ACD reads them, and their skills', () => {
    const doc = structuredClone(centre);
    doc.queues![0]!.policy = {
      relaxation: [{ afterSeconds: 60, addSkills: ['warp'] }, { afterSeconds: 30 }],
    };
    const messages = check(doc).map((p) => `${p.path}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^queues\[0\]\.policy: /),
        'queues[0].policy: relaxation names unknown skill "warp"',
      ]),
    );
  });

  it("applies the queue administration's own rules to a new or changed queue", () => {
    const doc = structuredClone(centre);
    doc.queues![0]!.policy = { relaxation: [{ afterSeconds: 30 }] };
    doc.queues!.push({
      name: 'vip',
      skills: [{ skill: 'sales', minProficiency: 1 }],
      dispositions: ['sale', 'sale'],
    });
    expect(check(doc).map((p) => `${p.path}: ${p.message}`)).toEqual([
      expect.stringMatching(/^queues\[0\]\.policy: relaxation step 1: changes nothing/),
      'queues[1].dispositions: a disposition code is listed twice',
    ]);
  });

  it("applies the Lines screen's own rules to a new or changed line", () => {
    const doc = structuredClone(centre);
    doc.lines![0]!.language = 'fr';
    doc.lines!.push(
      { dnis: '4008002000', ivrFlow: 'sales-hotline' },
      {
        dnis: '4008003000',
        queue: 'sales',
        holidays: ['2026-10-01', { date: '2026-10-01', name: 'National Day' }],
      },
      {
        dnis: '4008004000',
        queue: 'sales',
        businessHours: {
          mon: [
            ['09:00', '12:00'],
            ['11:00', '18:00'],
          ],
        },
      },
    );
    expect(check(doc).map((p) => `${p.path}: ${p.message}`)).toEqual([
      'lines[0].language: language "fr" is not one of zh-CN, en',
      expect.stringMatching(/^lines\[1\]\.queue: the line needs a queue/),
      'lines[2].holidays: holidays: 2026-10-01 is listed twice',
      'lines[3].businessHours: businessHours.mon: 09:00–12:00 overlaps 11:00–18:00',
    ]);
  });

  it('warns of an enabled queue nobody can serve, without refusing it', () => {
    const doc: ConfigDocument = {
      version: 1,
      queues: [{ name: 'experts', skills: [{ skill: 'sales', minProficiency: 5 }] }, { name: 'sales' }],
    };
    expect(check(doc)).toEqual([]);
    expect(configWarnings(centre, doc)).toEqual([
      {
        path: 'queues[0]',
        message:
          'queue "experts": no enabled agent holds every skill it requires, so nobody can take its calls',
      },
    ]);
    expect(configWarnings(centre, centre)).toEqual([]);
  });

  it('merges: a partial entry keeps the fields it leaves out; a new one gets the defaults', () => {
    const merged = mergeConfig(centre, {
      version: 1,
      queues: [{ name: 'sales', wrapUpSeconds: 45 }, { name: 'vip' }],
    });
    expect(merged.queues.find((q) => q.name === 'sales')).toMatchObject({
      wrapUpSeconds: 45,
      displayName: 'Sales',
      skills: [{ skill: 'sales', minProficiency: 1 }],
    });
    expect(merged.queues.find((q) => q.name === 'vip')).toMatchObject({
      displayName: 'vip',
      strategy: 'least_busy',
      wrapUpSeconds: 30,
      active: true,
    });
  });
});
