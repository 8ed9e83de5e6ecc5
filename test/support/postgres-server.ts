// A throwaway PostgreSQL server for the test run: initdb into a temp dir, start on a free
// loopback port, trust auth, stopped at the end. Uses Debian's postgresql package; as root
// it runs the server as the `postgres` user (PostgreSQL refuses to run as root).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';

export interface PostgresServer {
  url: string;
  stop(): Promise<void>;
}

function findBinDir(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions)
    if (existsSync(path.join(base, v, 'bin', 'initdb'))) return path.join(base, v, 'bin');
  return null;
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = findBinDir();
  if (!bin) {
    throw new Error(
      'PostgreSQL is needed for the database tests: apt-get install -y postgresql (./kefu test installs it when run as root)',
    );
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-pg-'));
  // As root, run PostgreSQL's programs as the `postgres` user directly (spawn's uid/gid), so
  // that signals reach the server itself and stopping it is reliable.
  const user: { uid?: number; gid?: number } = {};
  if (process.getuid?.() === 0) {
    user.uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    user.gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, user.uid, user.gid);
  }
  const initArgs = ['-D', path.join(dir, 'data'), '-U', 'kefu', '--auth=trust', '-E', 'UTF8', '--no-sync'];
  execFileSync(path.join(bin, 'initdb'), initArgs, { stdio: 'pipe', cwd: dir, ...user });

  const port = await freePort();
  const pgArgs = [
    '-D',
    path.join(dir, 'data'),
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=200',
  ];
  const server: ChildProcess = spawn(path.join(bin, 'postgres'), pgArgs, {
    stdio: ['ignore', 'ignore', 'pipe'],
    cwd: dir,
    ...user,
  });
  let log = '';
  server.stderr?.on('data', (d: Buffer) => (log += d.toString()));

  const url = `postgresql://kefu@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      execFileSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { stdio: 'pipe' });
      break;
    } catch {
      if (Date.now() > deadline || server.exitCode !== null)
        throw new Error(`PostgreSQL did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    stop: async () => {
      if (server.exitCode === null) {
        // SIGQUIT: immediate shutdown, nothing to keep in a throwaway cluster.
        const exited = new Promise((r) => server.once('exit', r));
        server.kill('SIGQUIT');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
