// ./kefu config export [--format yaml|json] [file]
// ./kefu config import <file> [--dry-run]
//
// Configuration as code from the command line (docs/ADMINISTRATION.md). Export reads the
// database the server uses (DATABASE_URL, else <DATA_DIR>/kefu.db). Import goes through the
// running server's API when KEFU_URL is set (with KEFU_TOKEN, an admin's bearer token, or
// KEFU_USER and KEFU_PASSWORD to sign in): the server applies it at once. Without KEFU_URL it
// writes the database directly, in the same one transaction, and a running server does not
// learn of it until it restarts.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase, resolveDatabase, sipRealm, type Db } from '@kefu/db';
import type { ConfigImportResult, ConfigProblems } from '../contract/rest.js';
import { importConfig } from '../services/config/config-apply.js';
import { formatConfig, parseConfig, type ConfigProblem } from '../services/config/config-document.js';
import type { EntityChange } from '../services/config/config-diff.js';
import { exportConfig } from '../services/config/config-export.js';
import { flowsOnDisk } from '../services/config/known-flows.js';

export class UsageError extends Error {}

const USAGE = [
  'usage: ./kefu config export [--format yaml|json] [file]',
  '       ./kefu config import <file> [--dry-run]',
].join('\n');

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Relative file names are read from here (the directory ./kefu was run in). */
  cwd: string;
  fetch?: typeof fetch;
}

/** Runs one command; returns the exit code (0 done, 1 refused or failed, 2 usage). */
export async function configCli(argv: string[], io: CliIo, openDb: () => Promise<Db>): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { format: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  });
  const file = positionals[0] && path.resolve(io.cwd, positionals[0]);
  if (positionals.length > 1) throw new UsageError(USAGE);

  if (command === 'export') {
    const format = values.format ?? (file?.endsWith('.json') ? 'json' : 'yaml');
    if (format !== 'yaml' && format !== 'json')
      throw new UsageError(`--format must be yaml or json\n${USAGE}`);
    const db = await openDb();
    try {
      const text = formatConfig(await exportConfig(db), format);
      if (file) {
        await writeFile(file, text);
        io.err(`exported the centre to ${file}`);
      } else io.out(text);
    } finally {
      await db.$disconnect();
    }
    return 0;
  }

  if (command === 'import') {
    if (!file) throw new UsageError(USAGE);
    const dryRun = values['dry-run'] ?? false;
    const text = await readFile(file, 'utf8');
    const parsed = parseConfig(text);
    if (!parsed.ok) return refused(parsed.problems, file, io);
    if (io.env.KEFU_URL) return importThroughServer(text, dryRun, file, io);
    const db = await openDb();
    try {
      const result = await importConfig(db, parsed.document, {
        dryRun,
        actor: null,
        flows: await flowsOnDisk(db, io.env.IVR_FLOWS_DIR),
        realm: sipRealm(io.env),
      });
      if (!result.ok)
        return refused(
          result.problems.map((p) => ({ ...p, line: parsed.lineOf(p.path) })),
          file,
          io,
        );
      report(result, io);
      if (!dryRun && result.changes.length > 0)
        io.err(
          'written to the database directly: a running server keeps what it has in memory until it ' +
            'restarts (set KEFU_URL to import through the server instead)',
        );
      return 0;
    } finally {
      await db.$disconnect();
    }
  }
  throw new UsageError(USAGE);
}

async function importThroughServer(text: string, dryRun: boolean, file: string, io: CliIo): Promise<number> {
  const http = io.fetch ?? fetch;
  const base = io.env.KEFU_URL!.replace(/\/+$/, '');
  let token = io.env.KEFU_TOKEN;
  if (!token) {
    if (!io.env.KEFU_USER || !io.env.KEFU_PASSWORD)
      throw new UsageError(
        'with KEFU_URL set, give KEFU_TOKEN (an admin token) or KEFU_USER and KEFU_PASSWORD',
      );
    const login = await http(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: io.env.KEFU_USER, password: io.env.KEFU_PASSWORD }),
    });
    if (!login.ok) throw new Error(`signing in to ${base} failed: ${login.status} ${await login.text()}`);
    token = ((await login.json()) as { token: string }).token;
  }
  const res = await http(`${base}/api/admin/config/import?dryRun=${dryRun}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ document: text }),
  });
  if (res.status === 400) {
    const body = (await res.json()) as ConfigProblems;
    if (body.problems) return refused(body.problems, file, io);
    throw new Error(body.message);
  }
  if (!res.ok) throw new Error(`${base} answered ${res.status}: ${await res.text()}`);
  report((await res.json()) as ConfigImportResult, io);
  return 0;
}

function refused(problems: readonly ConfigProblem[], file: string, io: CliIo): number {
  for (const p of problems)
    io.err(`${file}${p.line === undefined ? '' : `:${p.line}`}: ${p.path}: ${p.message}`);
  io.err(`refused: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was changed`);
  return 1;
}

const show = (value: unknown) => (value === null || value === undefined ? '–' : JSON.stringify(value));

function report(
  result: {
    dryRun: boolean;
    summary: string;
    changes: readonly EntityChange[];
    warnings: readonly ConfigProblem[];
  },
  io: CliIo,
): void {
  for (const w of result.warnings)
    io.err(`warning: ${w.path}${w.line === undefined ? '' : ` (line ${w.line})`}: ${w.message}`);
  for (const c of result.changes) {
    io.out(`${c.action} ${c.entity} ${c.key}`);
    if (c.action === 'update' || c.action === 'create')
      for (const f of c.fields) io.out(`    ${f.field}: ${show(f.before)} → ${show(f.after)}`);
  }
  io.out(result.dryRun ? `dry run: ${result.summary} (nothing written)` : `applied: ${result.summary}`);
}

async function main(): Promise<void> {
  const io: CliIo = {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    env: process.env,
    cwd: process.env.KEFU_CALLER_DIR ?? process.cwd(),
  };
  process.exitCode = await configCli(process.argv.slice(2), io, () =>
    openDatabase(resolveDatabase(process.env.DATABASE_URL)),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  });
}
