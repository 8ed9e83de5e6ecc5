import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

const run = promisify(execFile);
const KEFU = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../kefu');

/** ./kefu config export | import, on a SQLite database and through a running server. */
describe('./kefu config', () => {
  let tdb: TestDatabase;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    tdb = await createTestDatabase('sqlite', 5);
    dir = mkdtempSync(path.join(tmpdir(), 'kefu-config-cli-'));
    env = { ...process.env, DATABASE_URL: `file:${tdb.target.location}` };
    delete env.KEFU_URL;
  });
  afterAll(async () => {
    await tdb?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const kefu = async (args: string[], extra: NodeJS.ProcessEnv = {}) => {
    try {
      const { stdout, stderr } = await run(KEFU, ['config', ...args], {
        cwd: dir,
        env: { ...env, ...extra },
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('exports to a file named relative to where it runs, and to stdout as JSON', async () => {
    const res = await kefu(['export', 'centre.yaml']);
    expect(res.code, res.stderr).toBe(0);
    const text = readFileSync(path.join(dir, 'centre.yaml'), 'utf8');
    expect(text).toMatch(/^version: 1$/m);
    expect(text).toContain('name: sales');
    const json = await kefu(['export', '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ version: 1 });
  });

  it('import --dry-run of the export reports no changes; a change is listed and not written', async () => {
    const same = await kefu(['import', 'centre.yaml', '--dry-run']);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toContain('dry run: no changes (nothing written)');

    const text = readFileSync(path.join(dir, 'centre.yaml'), 'utf8');
    const changed = text.replace(/(- name: sales\n(?:.*\n)*?\s+wrapUpSeconds: )30/, '$1' + '75');
    expect(changed).not.toBe(text);
    writeFileSync(path.join(dir, 'changed.yaml'), changed);
    const dry = await kefu(['import', 'changed.yaml', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('update queue sales\n    wrapUpSeconds: 30 → 75\n');
    expect((await tdb.db.queue.findUniqueOrThrow({ where: { name: 'sales' } })).wrapUpSeconds).toBe(30);
  });

  it('a broken document is refused with each problem at its file and line, exit code 1', async () => {
    writeFileSync(path.join(dir, 'bad.yaml'), 'version: 1\nskills:\n  - name: sales\n    kind: language\n');
    const res = await kefu(['import', 'bad.yaml']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(
      `bad.yaml:4: skills[0].kind: skill "sales" is a skill: an existing skill keeps its kind`,
    );
    expect(res.stderr).toContain('nothing was changed');
    expect((await kefu(['frobnicate'])).code).toBe(2);
  });

  describe('through a running server (KEFU_URL)', () => {
    let app: FastifyInstance;
    let url: string;
    beforeAll(async () => {
      app = await buildTestApp(tdb.db);
      url = await app.listen({ port: 0, host: '127.0.0.1' });
    });
    afterAll(async () => {
      await app?.close();
    });

    it('imports through the API, so the running server applies it at once', async () => {
      const text = readFileSync(path.join(dir, 'centre.yaml'), 'utf8');
      const withSkill = text.replace(
        /(username: "1004"\n(?:.*\n)*?\s+skills:\n)/,
        '$1        - skill: billing\n          proficiency: 2\n',
      );
      expect(withSkill).not.toBe(text);
      writeFileSync(path.join(dir, 'skill.yaml'), withSkill);
      const admin = { KEFU_URL: url, KEFU_USER: 'admin', KEFU_PASSWORD: 'demo-admin' };
      const res = await kefu(['import', 'skill.yaml'], admin);
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toContain('update user 1004');
      expect(res.stdout).toContain('applied: 1 user updated');
      const agent = app.agentDirectory.agentByExtension('1004')!;
      expect(app.acd.engine.agent(agent.id)?.skills.get('billing')).toBe(2);

      const agentToken = (await loginAs(app, '1001')).headers.authorization.slice('Bearer '.length);
      const refused = await kefu(['import', 'skill.yaml', '--dry-run'], {
        KEFU_URL: url,
        KEFU_TOKEN: agentToken,
      });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('403');
    });
  });
});
