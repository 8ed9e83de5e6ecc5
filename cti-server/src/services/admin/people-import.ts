import { randomBytes } from 'node:crypto';
import type { Db } from '@kefu/db';
import { recordAudit, type AuditActor } from '../audit/audit-log.js';
import { parseUsersCsv, type RowError } from './people-csv.js';
import { skillRows } from './people-rules.js';
import { createUserIn, prepareNewUser, type NewUser } from './people.js';

/**
 * The bulk import of users and agents from a CSV (people-csv.ts): every row is checked — alone,
 * against the other rows and against the database, with the rules of POST /api/admin/users — and
 * reported; then all rows are created in one transaction, or none when any row has a problem.
 */

export interface ImportRowReport {
  row: number;
  username: string;
  status: 'ok' | 'error';
  errors: RowError[];
}

/** A created user's secrets, shown this once. */
export interface ImportedUser {
  row: number;
  id: string;
  username: string;
  displayName: string;
  extension: string | null;
  agentId: string | null;
  /** The desk phone's SIP password (agents), stored as HA1 only. */
  sipPassword: string | null;
  /** The web password generated for a row that gave none (null when the row gave one). */
  password: string | null;
}

export interface ImportResult {
  ok: boolean;
  dryRun: boolean;
  rows: ImportRowReport[];
  created: number;
  users: ImportedUser[];
}

/** A generated web password: 12 characters, 72 bits; the user picks their own at the first login. */
export const newWebPassword = (): string => randomBytes(9).toString('base64url');

export async function importUsers(
  db: Db,
  actor: AuditActor,
  csv: string,
  options: { dryRun: boolean; realm: string },
): Promise<ImportResult> {
  const refused = (rows: ImportRowReport[]): ImportResult => ({
    ok: false,
    dryRun: options.dryRun,
    rows,
    created: 0,
    users: [],
  });
  const parsed = parseUsersCsv(csv);
  if (!parsed.ok) return refused([{ row: parsed.row, username: '', status: 'error', errors: parsed.errors }]);

  const { users } = parsed;
  const [catalogue, takenUsers, takenExtensions] = await Promise.all([
    db.skill.findMany({ select: { id: true, name: true, kind: true } }),
    db.user.findMany({
      where: { username: { in: users.map((u) => u.username).filter((u) => u !== '') } },
      select: { username: true },
    }),
    db.agent.findMany({
      where: { extension: { in: users.flatMap((u) => (u.user.agent ? [u.user.agent.extension] : [])) } },
      select: { extension: true },
    }),
  ]);
  const usernames = new Set(takenUsers.map((u) => u.username));
  const extensions = new Set(takenExtensions.map((a) => a.extension));
  const rows = users.map(({ row, username, user, errors }): ImportRowReport => {
    const all = [...errors];
    if (usernames.has(username)) all.push({ field: 'username', message: `username ${username} is taken` });
    const agent = user.agent;
    if (agent) {
      if (extensions.has(agent.extension))
        all.push({ field: 'extension', message: `extension ${agent.extension} is taken` });
      // Skills and languages apart, so a row shows a problem of each.
      if (!all.some((e) => e.field === 'skills'))
        try {
          skillRows(catalogue, agent.skills ?? [], []);
        } catch (err) {
          all.push({ field: 'skills', message: (err as Error).message });
        }
      if (!all.some((e) => e.field === 'languages'))
        try {
          skillRows(catalogue, [], agent.languages ?? []);
        } catch (err) {
          all.push({ field: 'languages', message: (err as Error).message });
        }
    }
    return { row, username, status: all.length === 0 ? 'ok' : 'error', errors: all };
  });
  if (rows.some((r) => r.status === 'error')) return refused(rows);
  if (options.dryRun) return { ok: true, dryRun: true, rows, created: 0, users: [] };

  // Hashing is slow: done before the transaction, which then only writes.
  const planned = await Promise.all(
    users.map(async ({ row, user }) => {
      const generated = user.password === '' ? newWebPassword() : null;
      const input: NewUser = { ...user, password: generated ?? user.password };
      return { row, input, generated, prepared: await prepareNewUser(input) };
    }),
  );
  const created = await db.$transaction(
    async (tx) => {
      const out: ImportedUser[] = [];
      for (const { row, input, generated, prepared } of planned) {
        const c = await createUserIn(tx, actor, input, options.realm, prepared);
        out.push({
          row,
          id: c.user.id,
          username: c.user.username,
          displayName: c.user.displayName,
          extension: c.user.agent?.extension ?? null,
          agentId: c.agentId,
          sipPassword: c.sipPassword,
          password: generated,
        });
      }
      await recordAudit(tx, actor, {
        action: 'user.import',
        entity: 'user',
        entityId: 'import',
        summary: `imported ${out.length} user${out.length === 1 ? '' : 's'} from CSV: ${out
          .map((u) => u.username + (u.extension ? ` (${u.extension})` : ''))
          .join(', ')}`,
        before: null,
        after: {
          count: out.length,
          users: out.map((u) => ({ row: u.row, id: u.id, username: u.username, extension: u.extension })),
        },
      });
      return out;
    },
    { maxWait: 10_000, timeout: 120_000 },
  );
  return { ok: true, dryRun: false, rows, created: created.length, users: created };
}
