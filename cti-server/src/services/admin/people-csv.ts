// The CSV of a bulk import of users and agents, without a database: parsing, the columns, and
// every rule a row can be checked against on its own or against the other rows of the file
// (skills, languages and what is taken are checked against the database in people-import.ts).
import { parse } from 'csv-parse/sync';
import { checkExtension, checkPassword, checkRoles, type SkillGrant } from './people-rules.js';
import type { Locale, NewUser } from './people.js';

/** The columns, as the header row names them (any order, any case). */
export const CSV_COLUMNS = [
  'username',
  'displayName',
  'roles',
  'password',
  'extension',
  'team',
  'languages',
  'skills',
  'locale',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly CsvColumn[] = ['username', 'displayName', 'roles'];
/** Rows after the header a file may hold. */
export const MAX_ROWS = 1000;

export interface RowError {
  /** A column, or "csv" for the file itself. */
  field: CsvColumn | 'csv';
  message: string;
}

/** One row of the file: its line number (the header is line 1), what it asks for, its problems. */
export interface CsvUser {
  row: number;
  username: string;
  /** The user to create; `password` is '' when the row gives none (one is generated). */
  user: NewUser;
  errors: RowError[];
}

export type ParsedCsv = { ok: true; users: CsvUser[] } | { ok: false; row: number; errors: RowError[] };

const USERNAME = /^[A-Za-z0-9_.@-]{1,64}$/;
const SKILL_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** `a;b` (commas and spaces also separate) → ['a', 'b']. */
const list = (value: string): string[] =>
  value
    .split(/[;,\s]+/)
    .map((v) => v.trim())
    .filter((v) => v !== '');

function locale(value: string): Locale | undefined | null {
  const v = value.trim().toLowerCase();
  if (v === '') return undefined;
  if (v === 'en') return 'en';
  if (v === 'zh-cn' || v === 'zh') return 'zh-CN';
  return null;
}

/** `sales:5;service:3` → grants; a bad item is an error naming it. */
export function parseSkills(value: string): { skills: SkillGrant[]; error?: string } {
  const skills: SkillGrant[] = [];
  for (const item of list(value)) {
    const m = /^([^:]+):(.+)$/.exec(item);
    if (!m || !SKILL_NAME.test(m[1]!.trim()) || !/^-?\d+$/.test(m[2]!.trim()))
      return { skills, error: `"${item}" is not skill:proficiency (e.g. sales:5)` };
    skills.push({ skill: m[1]!.trim(), proficiency: Number(m[2]!.trim()) });
  }
  return { skills };
}

const problem = (check: () => void): string | null => {
  try {
    check();
    return null;
  } catch (err) {
    return (err as Error).message;
  }
};

/** One row's values (by column) → the user it asks for and the problems the row shows alone. */
export function rowToUser(values: Partial<Record<CsvColumn, string>>): {
  user: NewUser;
  errors: RowError[];
} {
  const get = (c: CsvColumn) => (values[c] ?? '').trim();
  const errors: RowError[] = [];
  const add = (field: CsvColumn, message: string | null) => {
    if (message) errors.push({ field, message });
  };
  const username = get('username');
  if (username === '') add('username', 'username is required');
  else if (!USERNAME.test(username)) add('username', 'username must be 1 to 64 letters, digits or . _ @ -');
  const displayName = get('displayName');
  if (displayName === '') add('displayName', 'display name is required');
  else if (displayName.length > 100) add('displayName', 'display name has more than 100 characters');
  const roles = list(get('roles').toLowerCase());
  const extension = get('extension');
  try {
    checkRoles(roles, extension !== '');
  } catch (err) {
    // "the agent role needs an agent" is the missing extension's problem.
    const code = (err as { code?: string }).code;
    if (code === 'AGENT_REQUIRED') add('extension', 'an agent needs an extension');
    else add('roles', (err as Error).message);
  }
  const password = values.password ?? '';
  if (password !== '') {
    add(
      'password',
      problem(() => checkPassword(password)),
    );
    if (password.length > 256) add('password', 'password has more than 256 characters');
  }
  if (extension !== '')
    add(
      'extension',
      problem(() => checkExtension(extension)),
    );
  const team = get('team');
  if (team.length > 64) add('team', 'team has more than 64 characters');
  const languages = list(get('languages'));
  const badLanguage = languages.find((l) => !SKILL_NAME.test(l));
  if (badLanguage) add('languages', `"${badLanguage}" is not a language name`);
  const { skills, error } = parseSkills(get('skills'));
  add('skills', error ?? null);
  const loc = locale(get('locale'));
  if (loc === null) add('locale', `locale must be zh-CN or en (got ${get('locale')})`);
  const user: NewUser = {
    username,
    displayName,
    roles,
    password,
    ...(loc && { locale: loc }),
    ...(extension !== '' && {
      agent: { extension, team: team === '' ? null : team, languages, skills },
    }),
  };
  return { user, errors };
}

/**
 * Parses the file (UTF-8, a BOM, CRLF and quoted fields with commas or line breaks are fine) and
 * checks each row alone and against the others (a username or extension twice).
 */
export function parseUsersCsv(csv: string): ParsedCsv {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    // One kind of line break (inside quotes too), so that line numbers are the editor's.
    records = parse(csv.replace(/\r\n?/g, '\n'), {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (err) {
    const e = err as Error & { lines?: number };
    return { ok: false, row: e.lines ?? 1, errors: [{ field: 'csv', message: e.message }] };
  }
  // A record ends on info.lines; its line breaks inside quotes put its first line above.
  const firstLine = (r: { record: string[]; info: { lines: number } }) =>
    r.info.lines - r.record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
  const [header, ...body] = records.filter((r) => r.record.some((f) => f.trim() !== ''));
  if (!header) return { ok: false, row: 1, errors: [{ field: 'csv', message: 'the file is empty' }] };
  const headerRow = firstLine(header);
  const byName = new Map(CSV_COLUMNS.map((c) => [c.toLowerCase(), c]));
  const columns: Array<CsvColumn | undefined> = header.record.map((h) =>
    byName.get(
      h
        .trim()
        .toLowerCase()
        .replace(/[\s_-]/g, ''),
    ),
  );
  const errors: RowError[] = [];
  header.record.forEach((h, i) => {
    if (!columns[i]) errors.push({ field: 'csv', message: `unknown column "${h.trim()}"` });
  });
  for (const c of CSV_COLUMNS) {
    const n = columns.filter((x) => x === c).length;
    if (n > 1) errors.push({ field: c, message: `column ${c} is given ${n} times` });
  }
  for (const c of REQUIRED_COLUMNS)
    if (!columns.includes(c)) errors.push({ field: c, message: `the header has no ${c} column` });
  if (body.length === 0) errors.push({ field: 'csv', message: 'the file has a header and no rows' });
  if (body.length > MAX_ROWS)
    errors.push({ field: 'csv', message: `the file has ${body.length} rows; at most ${MAX_ROWS} at once` });
  if (errors.length > 0) return { ok: false, row: headerRow, errors };

  const firstRowOf = { username: new Map<string, number>(), extension: new Map<string, number>() };
  const users = body.map((r): CsvUser => {
    const values: Partial<Record<CsvColumn, string>> = {};
    columns.forEach((c, i) => {
      if (c) values[c] = r.record[i] ?? '';
    });
    const row = firstLine(r);
    const { user, errors: rowErrors } = rowToUser(values);
    if (r.record.length > columns.length)
      rowErrors.push({
        field: 'csv',
        message: `the row has ${r.record.length} fields, the header ${columns.length} (quote fields holding a comma)`,
      });
    const keys = { username: user.username.toLowerCase(), extension: user.agent?.extension ?? '' };
    for (const field of ['username', 'extension'] as const) {
      const key = keys[field];
      if (key === '') continue;
      const first = firstRowOf[field].get(key);
      if (first === undefined) firstRowOf[field].set(key, row);
      else rowErrors.push({ field, message: `${field} ${key} is also on row ${first}` });
    }
    return { row, username: user.username, user, errors: rowErrors };
  });
  return { ok: true, users };
}
