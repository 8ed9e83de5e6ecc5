// Starts the CTI server: HTTP API (+ console) now; the SIP side joins here.
import path from 'node:path';
import { repoRootDir } from './paths.js';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';

const config = loadConfig();
config.uiDist ??= path.join(repoRootDir, 'agent-ui', 'dist');
const app = await buildApp({ config, sip: true });

const shutdown = async (signal: string) => {
  app.log.info({ signal }, 'shutting down');
  await app.close();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ host: config.httpHost, port: config.httpPort });
const base = `${config.https ? 'https' : 'http'}://localhost:${config.httpPort}`;
app.log.info(`kefu console: ${base}/  API docs: ${base}/docs`);
