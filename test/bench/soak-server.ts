// The server half of bench:soak (soak.ts forks it): the whole CTI server on a fresh SQLite
// database with the bench agents, in a process of its own started with --expose-gc, so that its
// memory is the server's alone and a sample can be taken after a full collection. It answers
// soak.ts over the fork's IPC channel: `login` (make the registered agents ready), `sample`
// (collect, then memory figures; a heap snapshot too if asked), `stored` (database counts) and
// `close`.
// Argv: <data dir> <agents>. The environment's MEDIA, MEDIA_THREAD, RECORD_CALLS and
// RTPENGINE_NG_PORT reach the server as they are.
import { Session } from 'node:inspector';
import { getHeapStatistics, writeHeapSnapshot } from 'node:v8';
import path from 'node:path';
import { migrate, openDatabase, seedDemo } from '@kefu/db';
import { buildApp } from '@kefu/cti-server/app';
import { loadConfig } from '@kefu/cti-server/config';
import { freeUdpPort } from '../support/free-port.js';
import { benchServerEnv, prepareBenchAgents } from './sip-load.js';

/** soak.ts → this process. */
export type SoakRequest =
  | { id: number; type: 'login' }
  | { id: number; type: 'sample'; snapshotFile?: string }
  | { id: number; type: 'stored' }
  | { id: number; type: 'close' };

export interface SoakSample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** V8's malloced memory (outside the JS heap, inside the isolate). */
  mallocedMemory: number;
  /** Heap used after collection in each worker thread (the media plane's), added up. */
  workerHeapUsed: number;
  activeCalls: number;
  /** Milliseconds the two forced collections took. */
  gcMs: number;
}

export interface SoakStored {
  interactions: number;
  ended: number;
  events: number;
}

/** This process → soak.ts. */
export type SoakMessage =
  { type: 'ready'; sipPort: number; extensions: string[] } | { type: 'reply'; id: number; result: unknown };

const [dir, agentsArg] = process.argv.slice(2);
if (!dir || !agentsArg || !process.send) {
  throw new Error('soak-server.ts is started by soak.ts (fork, with an IPC channel)');
}
if (!globalThis.gc) throw new Error('soak-server.ts needs --expose-gc');
const gc: () => void = globalThis.gc;
const send = (message: SoakMessage) => process.send!(message);

const target = { provider: 'sqlite' as const, location: path.join(dir, 'kefu.db') };
await migrate(target);
const db = await openDatabase(target);
await seedDemo(db, { customers: 60 });
const extensions = await prepareBenchAgents(db, Number(agentsArg));

const sipPort = await freeUdpPort();
const config = loadConfig(benchServerEnv(dir, sipPort));
const app = await buildApp({ config, db, logger: false, sip: true });
await app.listen({ host: '127.0.0.1', port: 0 });

/**
 * The worker threads (MEDIA_THREAD=worker runs the media plane in one) through the inspector's
 * NodeWorker domain: a collection there too, and its heap's size, which process.memoryUsage()
 * leaves out.
 */
class WorkerHeaps {
  private readonly session = new Session();
  private readonly workers = new Set<string>();
  private readonly waiting = new Map<number, (result: unknown) => void>();
  private nextId = 1;

  async start(): Promise<void> {
    this.session.connect();
    this.session.on('NodeWorker.attachedToWorker', ({ params }) => this.workers.add(params.sessionId));
    this.session.on('NodeWorker.detachedFromWorker', ({ params }) => this.workers.delete(params.sessionId));
    this.session.on('NodeWorker.receivedMessageFromWorker', ({ params }) => {
      const reply = JSON.parse(params.message) as { id?: number; result?: unknown };
      if (reply.id === undefined) return;
      this.waiting.get(reply.id)?.(reply.result);
      this.waiting.delete(reply.id);
    });
    await new Promise<void>((resolve, reject) =>
      this.session.post('NodeWorker.enable', { waitForDebuggerOnStart: false }, (err) =>
        err ? reject(err) : resolve(),
      ),
    );
  }

  private send(sessionId: string, method: string): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.session.post('NodeWorker.sendMessageToWorker', {
        sessionId,
        message: JSON.stringify({ id, method }),
      });
    });
  }

  /** Collects in every worker, then the heap they still use. */
  async collectAndMeasure(): Promise<number> {
    let used = 0;
    for (const sessionId of this.workers) {
      await this.send(sessionId, 'HeapProfiler.collectGarbage');
      await this.send(sessionId, 'HeapProfiler.collectGarbage');
      const usage = (await this.send(sessionId, 'Runtime.getHeapUsage')) as { usedSize: number };
      used += usage.usedSize;
    }
    return used;
  }
}
const workerHeaps = new WorkerHeaps();
await workerHeaps.start();

async function handle(request: SoakRequest): Promise<unknown> {
  switch (request.type) {
    case 'login': {
      const registered = extensions.filter((e) => app.sip.locations.lookup(e).length > 0);
      for (const ext of registered) {
        const agent = app.agentDirectory.agentByExtension(ext);
        if (agent) app.acd.login(agent.id, { actor: agent.id });
      }
      return registered.length;
    }
    case 'sample': {
      const started = performance.now();
      // Twice: the first pass runs finalizers and weak callbacks that free more on the second.
      gc();
      await new Promise((r) => setImmediate(r));
      gc();
      const workerHeapUsed = await workerHeaps.collectAndMeasure();
      const gcMs = performance.now() - started;
      const m = process.memoryUsage();
      const sample: SoakSample = {
        rss: m.rss,
        heapUsed: m.heapUsed,
        heapTotal: m.heapTotal,
        external: m.external,
        arrayBuffers: m.arrayBuffers,
        mallocedMemory: getHeapStatistics().malloced_memory,
        workerHeapUsed,
        activeCalls: [...app.sip.calls.activeCalls].length,
        gcMs,
      };
      if (request.snapshotFile) writeHeapSnapshot(request.snapshotFile);
      return sample;
    }
    case 'stored': {
      await app.agentStateLog.flush();
      const [row] = await db.$queryRawUnsafe<Array<{ calls: number; ended: number; events: number }>>(
        `SELECT (SELECT COUNT(*) FROM "Interaction") AS calls,
                (SELECT COUNT(*) FROM "Interaction" WHERE "endedAt" IS NOT NULL) AS ended,
                (SELECT COUNT(*) FROM "InteractionEvent") AS events`,
      );
      const stored: SoakStored = {
        interactions: Number(row?.calls ?? 0),
        ended: Number(row?.ended ?? 0),
        events: Number(row?.events ?? 0),
      };
      return stored;
    }
    case 'close': {
      await app.close();
      await db.$disconnect();
      setImmediate(() => process.exit(0));
      return null;
    }
  }
}

process.on('message', (request: SoakRequest) => {
  void handle(request).then((result) => send({ type: 'reply', id: request.id, result }));
});
send({ type: 'ready', sipPort, extensions });
