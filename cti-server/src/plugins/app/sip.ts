import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import fp from 'fastify-plugin';
import websocket from '@fastify/websocket';
import type { CallControl } from '../../call/call-control.js';
import type { Clock } from '../../clock/index.js';
import { createTelephony, type TelephonySettings } from '../../composition/telephony.js';
import { closeRecordsLeftOpen } from '../../services/call-path/records-left-open.js';
import { recordAudit } from '../../services/audit/audit-log.js';
import { monitorSessionAudit } from '../../services/audit/monitor-session-audit.js';
import type { LocationService, Registrar } from '../../registrar/index.js';
import type { SourceGuard } from '../../flood/source-guard.js';
import type { UserAgentCore } from '../../sip/index.js';
import type { TrunkGuard, TrunkRegistrations } from '../../trunks/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    sip: {
      core: UserAgentCore;
      calls: CallControl;
      locations: LocationService;
      registrar: Registrar;
      trunks: TrunkGuard;
      /** Per-source rate limits, bans and the scanner filter (metrics read its counts). */
      floodGuard: SourceGuard;
      /** kefu's own registrations at carriers (admin API shows their status). */
      trunkRegistrations: TrunkRegistrations;
      /** Where SIP listens (resolved ports when 0 was configured). */
      udp: { address: string; port: number };
      tcp: { address: string; port: number };
      /** Re-read trunks after they change in the database. */
      reloadTrunks(): Promise<void>;
      /** Open connections per transport (TCP, TLS, WS). */
      connectionCounts(): Record<string, number>;
    };
  }
}

export interface SipPluginOptions extends TelephonySettings {
  /** The server's one clock (the ACD's). */
  clock: Clock;
}

/**
 * Puts the SIP side (`composition/telephony.ts`) on the HTTP server: SIP over WebSocket at
 * `/sip` (RFC 7118, for sip.js in the console), a reloaded console greeted with its call, and
 * the app's `sip` decorator.
 */
/**
 * An error on a `/sip` socket. A peer breaking the WebSocket protocol (a text frame that is not
 * UTF-8, a message past maxPayload: ws has already sent the close code) or resetting the
 * connection is the peer's doing: a warning without a stack, so a client cannot fill the log
 * with errors. Anything else stays an error. The socket is dropped either way.
 */
export function onSipWebSocketError(
  error: Error & { code?: string },
  socket: { terminate(): void },
  log: Pick<FastifyBaseLogger, 'warn' | 'error'>,
): void {
  if (error.code?.startsWith('WS_ERR_') || error.code === 'ECONNRESET')
    log.warn({ code: error.code, reason: error.message }, 'SIP WebSocket closed: peer error');
  else log.error({ err: error }, 'SIP WebSocket failed');
  socket.terminate();
}

export default fp<SipPluginOptions>(
  async (app, { clock, ...settings }) => {
    // Nothing is live yet: a record still open was left so by a previous run (a crash).
    const closed = await closeRecordsLeftOpen(app.db, new Date(clock.now()));
    if (closed > 0) app.log.warn({ closed }, 'calls left open by the last run closed');
    const telephony = await createTelephony({
      settings,
      db: app.db,
      acd: app.acd,
      directory: app.agentDirectory,
      media: app.media,
      consolePasswords: (extension) => app.consoleSip.current(extension),
      consoles: app.realtime,
      configChanges: app.configChanges,
      flows: app.ivrFlows,
      clock,
      log: app.log,
    });
    const { calls } = telephony;
    // A console (re)connecting mid-call is told the call it is on: a reload shows it again.
    app.realtime.greetAgents((extension) => {
      const call = calls.callOfAgent(extension);
      return call ? [['call.answered', call.payload()]] : [];
    });

    // A supervisor whispering or barging is told to the agent (listening stays silent); every
    // monitoring session is audited when it ends, its actor the supervisor.
    const noticed = new Map<string, { extension: string; mode: 'whisper' | 'barge' }>();
    calls.monitors.onChange((callId, session) => {
      const before = noticed.get(callId);
      const agent = calls.call(callId)?.agent?.extension ?? before?.extension;
      const mode = session?.connected && session.mode !== 'listen' ? session.mode : null;
      if (mode && agent) {
        if (before?.mode === mode && before.extension === agent) return;
        if (before && before.extension !== agent)
          app.realtime.emitToAgent(before.extension, 'monitor.notice', {
            callId,
            mode: null,
            supervisor: null,
          });
        noticed.set(callId, { extension: agent, mode });
        app.realtime.emitToAgent(agent, 'monitor.notice', { callId, mode, supervisor: session!.supervisor });
      } else if (before) {
        noticed.delete(callId);
        app.realtime.emitToAgent(before.extension, 'monitor.notice', {
          callId,
          mode: null,
          supervisor: null,
        });
      }
    });
    calls.monitors.onEnded((session) => {
      void app.db
        .$transaction((tx) => recordAudit(tx, { id: session.supervisorUserId }, monitorSessionAudit(session)))
        .catch((err: unknown) =>
          app.log.error({ err, callId: session.callId }, 'monitor session not audited'),
        );
    });

    // SIP over WebSocket for the console's sip.js (subprotocol "sip", RFC 7118 §4).
    // @fastify/websocket routes every HTTP upgrade through Fastify and 404s the ones without a
    // route, which would break socket.io's. So it only sees the upgrades for /sip.
    const sipUpgrades = new EventEmitter();
    app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if ((request.url ?? '').split('?')[0] !== '/sip') return;
      // One address past its share of connections is told so before a WebSocket is made.
      if (!telephony.acceptsWebSocketFrom(request.socket.remoteAddress ?? '')) {
        socket.end('HTTP/1.1 503 Service Unavailable\r\nRetry-After: 10\r\nConnection: close\r\n\r\n');
        return;
      }
      sipUpgrades.emit('upgrade', request, socket, head);
    });
    await app.register(websocket, {
      options: {
        server: sipUpgrades as unknown as Server,
        handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false),
        // One SIP message per WebSocket message (RFC 7118 §5.1): the parser's limit, not ws' 100 MiB.
        maxPayload: 64 * 1024,
      },
      errorHandler: (error, socket, request) => onSipWebSocketError(error, socket, request.log),
    });
    app.get('/sip', { websocket: true, schema: { hide: true } }, (socket, request) => {
      // Its close is reported by the transport (onConnectionClosed drops its bindings).
      telephony.webSocket.accept(
        socket,
        { address: request.socket.remoteAddress ?? '', port: request.socket.remotePort ?? 0 },
        { address: request.socket.localAddress ?? '127.0.0.1', port: request.socket.localPort ?? 0 },
      );
    });
    app.addHook('onClose', () => telephony.stop());

    await telephony.start();
    app.decorate('sip', {
      core: telephony.core,
      calls,
      locations: telephony.locations,
      registrar: telephony.registrar,
      trunks: telephony.trunks,
      floodGuard: telephony.floodGuard,
      trunkRegistrations: telephony.trunkRegistrations,
      udp: telephony.udp.local,
      tcp: telephony.tcp.local,
      reloadTrunks: telephony.reloadTrunks,
      connectionCounts: telephony.connectionCounts,
    });
  },
  { name: 'sip', dependencies: ['config-changes', 'prisma', 'acd', 'realtime', 'media', 'auth'] },
);
