import { describe, expect, it } from 'vitest';
import { parseSkills, parseUsersCsv, rowToUser } from './people-csv.js';

describe('people CSV', () => {
  it('maps a row to the user POST /api/admin/users takes', () => {
    const { user, errors } = rowToUser({
      username: ' li.wei ',
      displayName: '李伟',
      roles: 'Agent;supervisor',
      extension: '1050',
      team: 'sales',
      languages: 'zh; en',
      skills: 'sales:5;service:3',
      locale: 'EN',
      password: '',
    });
    expect(errors).toEqual([]);
    expect(user).toEqual({
      username: 'li.wei',
      displayName: '李伟',
      roles: ['agent', 'supervisor'],
      password: '',
      locale: 'en',
      agent: {
        extension: '1050',
        team: 'sales',
        languages: ['zh', 'en'],
        skills: [
          { skill: 'sales', proficiency: 5 },
          { skill: 'service', proficiency: 3 },
        ],
      },
    });
  });

  it('a user without an extension has no agent; an empty team is null', () => {
    expect(rowToUser({ username: 'boss', displayName: 'Boss', roles: 'admin' }).user).toEqual({
      username: 'boss',
      displayName: 'Boss',
      roles: ['admin'],
      password: '',
    });
    expect(
      rowToUser({ username: 'a', displayName: 'A', roles: 'agent', extension: '123' }).user.agent,
    ).toEqual({ extension: '123', team: null, languages: [], skills: [] });
  });

  it('names each field with a problem', () => {
    const { errors } = rowToUser({
      username: 'bad name',
      displayName: '',
      roles: 'agent;pilot',
      extension: '12',
      password: 'short',
      skills: 'sales=5',
      languages: 'zh!',
      locale: 'fr',
    });
    expect(errors.map((e) => e.field).sort()).toEqual([
      'displayName',
      'extension',
      'languages',
      'locale',
      'password',
      'roles',
      'skills',
      'username',
    ]);
    expect(rowToUser({ username: 'a', displayName: 'A', roles: 'agent' }).errors).toEqual([
      { field: 'extension', message: 'an agent needs an extension' },
    ]);
  });

  it('parses skill:proficiency lists and refuses anything else', () => {
    expect(parseSkills('sales:9')).toEqual({ skills: [{ skill: 'sales', proficiency: 9 }] });
    expect(parseSkills('sales').error).toMatch(/"sales" is not skill:proficiency/);
    expect(parseSkills('sales:high').error).toMatch(/not skill:proficiency/);
  });

  it('reads a BOM, CRLF, quoted commas and line breaks, and numbers rows by their first line', () => {
    const parsed = parseUsersCsv(
      '\uFEFFUSERNAME,display_name,Roles,extension\r\n\r\n' +
        'a,"Smith, Anna",agent,101\r\n' +
        'b,"two\r\nlines",agent,102\r\n' +
        'c,陈杰,admin,\r\n',
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed));
    expect(parsed.users.map((u) => [u.row, u.username, u.user.displayName, u.errors])).toEqual([
      [3, 'a', 'Smith, Anna', []],
      [4, 'b', 'two\nlines', []],
      [6, 'c', '陈杰', []],
    ]);
  });

  it('reports a username or an extension twice on the later row', () => {
    const parsed = parseUsersCsv('username,displayName,roles,extension\na,A,agent,101\nA,B,agent,101\n');
    if (!parsed.ok) throw new Error('refused');
    expect(parsed.users[1]!.errors).toEqual([
      { field: 'username', message: 'username a is also on row 2' },
      { field: 'extension', message: 'extension 101 is also on row 2' },
    ]);
  });

  it('refuses a bad header, an empty file, an unclosed quote and extra fields', () => {
    expect(parseUsersCsv('')).toEqual({
      ok: false,
      row: 1,
      errors: [{ field: 'csv', message: 'the file is empty' }],
    });
    expect(parseUsersCsv('username,displayName,roles\n')).toMatchObject({
      ok: false,
      errors: [{ field: 'csv', message: 'the file has a header and no rows' }],
    });
    const noRoles = parseUsersCsv('username,displayName,username\na,b,c\n');
    expect(noRoles.ok || noRoles.errors.map((e) => e.field)).toEqual(['username', 'roles']);
    const open = parseUsersCsv('username,displayName,roles\na,"b,agent\n');
    expect(open).toMatchObject({ ok: false, errors: [{ field: 'csv' }] });
    const extra = parseUsersCsv('username,displayName,roles\na,Smith, Anna,agent\n');
    if (!extra.ok) throw new Error('refused');
    expect(extra.users[0]!.errors.map((e) => e.field)).toContain('csv');
  });
});
