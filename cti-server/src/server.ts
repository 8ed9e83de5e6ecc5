// Starts the CTI server: HTTP API, console and the SIP side.
import path from 'node:path';
import { repoRootDir } from './paths.js';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';

const config = loadConfig();
config.uiDist ??= path.join(repoRootDir, 'agent-ui', 'dist');
const app = await buildApp({ config, sip: true });

/**
 * SIGTERM/SIGINT: a graceful drain. New calls are refused (503 + Retry-After), calls in progress
 * may go on for SHUTDOWN_DRAIN_SECONDS, the rest are hung up, then the server closes (records
 * flushed, ports released). A second signal hangs up what is left at once.
 */
let stoppingSince: number | undefined;
const shutdown = async (signal: string) => {
  const calls = app.sip.calls;
  if (stoppingSince !== undefined) {
    // Copies of the first signal come at once (a terminal's Ctrl-C reaches the whole process
    // group, and pnpm and tsx relay it): only a later one means "stop now".
    if (Date.now() - stoppingSince < 2000) return;
    app.log.warn({ signal }, 'second signal: ending every call now');
    calls.endAll(503);
    return;
  }
  stoppingSince = Date.now();
  app.log.info({ signal, drainSeconds: config.shutdownDrainSeconds }, 'draining calls before shutting down');
  await calls.drain(config.shutdownDrainSeconds * 1000, Math.max(config.shutdownDrainSeconds, 30));
  app.log.info('calls drained: shutting down');
  await app.close();
  process.exit(0);
};
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    shutdown(signal).catch((err: unknown) => {
      app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    });
  });

await app.listen({ host: config.httpHost, port: config.httpPort });
const base = `${config.https ? 'https' : 'http'}://localhost:${config.httpPort}`;
app.log.info(`kefu console: ${base}/  API docs: ${base}/docs`);
