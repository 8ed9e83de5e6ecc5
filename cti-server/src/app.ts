import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { existsSync, readFileSync } from 'node:fs';
import type { Db } from '@kefu/db';
import { systemClock, type Clock } from './clock/index.js';
import type { Config } from './config.js';
import prisma from './plugins/external/prisma.js';
import { installValidators } from './plugins/external/validation.js';
import openapi from './plugins/external/openapi.js';
import auth from './plugins/app/auth.js';
import errorHandler from './plugins/app/error-handler.js';
import configChangesPlugin from './plugins/app/config-changes.js';
import acdPlugin, { type AcdPluginOptions } from './plugins/app/acd.js';
import realtimePlugin, { type RealtimeOptions } from './plugins/app/realtime.js';
import mediaPlugin from './plugins/app/media.js';
import sipPlugin from './plugins/app/sip.js';
import ivrFlowsPlugin from './plugins/app/ivr-flows.js';
import metricsPlugin from './plugins/app/metrics.js';
import supervisionPlugin from './plugins/app/supervision.js';
import supervisionLivePlugin from './plugins/app/supervision-live.js';
import health from './routes/health.js';
import authRoutes from './routes/api/auth.js';
import customerRoutes from './routes/api/customers.js';
import ticketRoutes from './routes/api/tickets.js';
import interactionRoutes from './routes/api/interactions.js';
import trunkRoutes from './routes/api/trunks.js';
import outboundRoutes from './routes/api/outbound.js';
import adminRoutes from './routes/api/admin.js';
import adminQueueRoutes from './routes/api/admin-queues.js';
import adminConfigRoutes from './routes/api/admin-config.js';
import adminLineRoutes from './routes/api/admin-lines.js';
import agentRoutes from './routes/api/agents.js';
import queueRoutes from './routes/api/queues.js';
import agentConsoleRoutes from './routes/api/agent-console.js';
import callRoutes from './routes/api/calls.js';
import supervisorRoutes from './routes/api/supervisor.js';
import supervisorActionRoutes from './routes/api/supervisor-actions.js';
import reportRoutes from './routes/api/reports.js';
import marketingRoutes from './routes/api/marketing.js';
import { ErrorResponse } from './schemas/common.js';

export interface BuildAppOptions {
  config: Config;
  /** Share an open database (tests); otherwise the app opens and closes its own. */
  db?: Db;
  logger?: FastifyServerOptions['logger'];
  /** The server's one clock: SIP, call control, the ACD and the IVR (tests inject a simulated one). */
  clock?: Clock;
  /** ACD not-ready reasons. */
  acd?: Omit<AcdPluginOptions, 'clock'>;
  /** Console socket grace period and its timers (tests inject them). */
  realtime?: RealtimeOptions;
  /** Start the SIP side (transports on SIP_PORT, registrar, call control). Off for HTTP-only tests. */
  sip?: boolean;
}

/** The HTTP application: plugins first (external, then app), then routes. */
export async function buildApp({
  config,
  db,
  logger,
  sip = false,
  clock = systemClock,
  acd: acdOptions = {},
  realtime: realtimeOptions = {},
}: BuildAppOptions): Promise<FastifyInstance> {
  const options = {
    logger: logger ?? { level: config.logLevel },
    // Request bodies larger than this get 413 before they are parsed.
    bodyLimit: 1024 * 1024,
  };
  // With a certificate the same routes are served over HTTPS (and `/sip` over WSS). Plugins and
  // routes only use what http and https servers share, hence the one instance type.
  const app = config.https
    ? (Fastify({
        ...options,
        https: { key: readFileSync(config.https.keyFile), cert: readFileSync(config.https.certFile) },
      }) as unknown as FastifyInstance)
    : Fastify(options);
  installValidators(app);
  app.addSchema(ErrorResponse);

  await app.register(errorHandler);
  await app.register(prisma, { db, databaseUrl: config.databaseUrl });
  await app.register(openapi);
  await app.register(rateLimit, { global: false });
  await app.register(auth, {
    tokenSecret: config.tokenSecret,
    dataDir: config.dataDir,
    tokenTtlSeconds: config.tokenTtlSeconds,
  });
  await app.register(configChangesPlugin);
  await app.register(acdPlugin, { ...acdOptions, clock });
  await app.register(realtimePlugin, { timers: clock, ...realtimeOptions });
  // One registry of IVR flows for the SIP side and the administration (also without SIP).
  await app.register(ivrFlowsPlugin, { flowsDir: config.ivr.flowsDir, clock, checkLines: sip });

  if (sip) {
    await app.register(mediaPlugin, { media: config.media, dataDir: config.dataDir });
    await app.register(sipPlugin, {
      sip: config.sip,
      secureWebSocket: config.https !== undefined,
      ivr: config.ivr,
      dataDir: config.dataDir,
      phoneRegion: config.phoneRegion,
      recordingsDir: config.media.recordCalls ? join(config.dataDir, 'recordings') : undefined,
      clock,
    });
  }

  // The wallboard's figures, then what is live now (calls, alerts): after SIP, which they watch.
  await app.register(supervisionPlugin, { clock });
  await app.register(supervisionLivePlugin, { clock });
  await app.register(metricsPlugin, { token: config.metricsToken });
  await app.register(health);
  await app.register(
    async (api) => {
      await api.register(authRoutes, { sipRealm: config.sip.realm });
      await api.register(customerRoutes, { phoneRegion: config.phoneRegion });
      await api.register(ticketRoutes);
      await api.register(interactionRoutes);
      await api.register(trunkRoutes);
      await api.register(outboundRoutes, {
        clock,
        policy: { region: config.phoneRegion, ...config.sip.outbound },
      });
      await api.register(adminRoutes, { sipRealm: config.sip.realm });
      await api.register(adminQueueRoutes);
      await api.register(adminConfigRoutes, { sipRealm: config.sip.realm });
      await api.register(adminLineRoutes);
      await api.register(agentRoutes);
      await api.register(queueRoutes);
      await api.register(agentConsoleRoutes);
      await api.register(callRoutes);
      await api.register(supervisorRoutes);
      await api.register(supervisorActionRoutes);
      await api.register(reportRoutes);
      await api.register(marketingRoutes);
    },
    { prefix: '/api' },
  );

  const ui = config.uiDist && existsSync(config.uiDist) ? config.uiDist : null;
  if (ui) await app.register(fastifyStatic, { root: ui, wildcard: false });
  app.setNotFoundHandler((request, reply) =>
    // The console is a single-page app: unknown non-API GETs get its index.html.
    ui && request.method === 'GET' && !request.url.startsWith('/api/')
      ? reply.sendFile('index.html')
      : reply.status(404).send({
          statusCode: 404,
          code: 'NOT_FOUND',
          error: 'Not Found',
          message: `no route ${request.method} ${request.url}`,
        }),
  );
  return app;
}
