import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrationsDir } from './paths.js';

const dir = (provider: string) => path.join(migrationsDir, provider);
const files = (provider: string) =>
  readdirSync(dir(provider))
    .filter((f) => f.endsWith('.sql'))
    .sort();

/** Applies a migration as src/migrate.ts does on SQLite: one transaction, foreign keys on. */
function apply(db: Database.Database, provider: string, file: string): void {
  const sql = readFileSync(path.join(dir(provider), file), 'utf8');
  db.transaction(() => db.exec(sql))();
}

describe('migration 0006_admin_people', () => {
  it('upgrades a SQLite database with people in it: agents, skills and state history stay, roles are filled in', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    const before = files('sqlite').filter((f) => f < '0006');
    for (const f of before) apply(db, 'sqlite', f);
    const now = new Date().toISOString();
    db.exec(`
      INSERT INTO "User" (id, username, displayName, role, passwordHash, updatedAt)
        VALUES ('u1', '1001', 'Li Na', 'agent', 'x', '${now}'), ('u2', 'sup1', 'Sup', 'supervisor', 'x', '${now}');
      INSERT INTO "Agent" (id, userId, extension, sipRealm, sipHa1Md5, sipHa1Sha256, team)
        VALUES ('a1', 'u1', '1001', 'kefu', 'm', 's', 'sales');
      INSERT INTO "Skill" (id, name, kind) VALUES ('s1', 'sales', 'skill');
      INSERT INTO "AgentSkill" (agentId, skillId, proficiency) VALUES ('a1', 's1', 4);
      INSERT INTO "AgentStateEvent" (id, agentId, state, actorId) VALUES ('e1', 'a1', 'ready', 'u2');
    `);
    apply(db, 'sqlite', '0006_admin_people.sql');

    const count = (table: string) =>
      (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
    expect(count('User')).toBe(2);
    expect(count('Agent')).toBe(1);
    expect(count('AgentSkill')).toBe(1);
    expect(count('AgentStateEvent')).toBe(1);
    expect(db.prepare('SELECT "userId", "role" FROM "UserRole" ORDER BY "userId"').all()).toEqual([
      { userId: 'u1', role: 'agent' },
      { userId: 'u2', role: 'supervisor' },
    ]);
    expect(db.prepare('SELECT "mustChangePassword" AS m FROM "User" WHERE id = ?').get('u1')).toEqual({
      m: 0,
    });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it.each(['sqlite', 'postgresql'])(
    'on %s drops no table (a DROP would cascade to Agent and its history)',
    (p) => {
      const sql = readFileSync(path.join(dir(p), '0006_admin_people.sql'), 'utf8').replace(/^--.*$/gm, '');
      expect(sql).not.toMatch(/DROP TABLE/i);
    },
  );
});
