import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import fp from 'fastify-plugin';
import websocket from '@fastify/websocket';
import { CallControl } from '../../call/call-control.js';
import type { OutboundRoute } from '../../call/call-control-deps.js';
import type { Config } from '../../config.js';
import {
  ha1FromPassword,
  LocationService,
  NatKeepalive,
  Registrar,
  requestDestination,
} from '../../registrar/index.js';
import { loadIvrFlows } from '../../ivr/index.js';
import { PromptLibrary } from '../../prompts/index.js';
import { createCallStore } from '../../services/call-path/call-store.js';
import { createIvrLauncher } from '../../services/call-path/ivr-launcher.js';
import { createCallerIdentifier, createLineRouter } from '../../services/call-path/call-routing.js';
import {
  TcpTransport,
  UdpTransport,
  UserAgentCore,
  WebSocketTransport,
  type Endpoint,
  type Transport,
} from '../../sip/index.js';
import { TrunkGuard, TrunkRegistrations } from '../../trunks/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    sip: {
      core: UserAgentCore;
      calls: CallControl;
      locations: LocationService;
      registrar: Registrar;
      trunks: TrunkGuard;
      /** kefu's own registrations at carriers (admin API shows their status). */
      trunkRegistrations: TrunkRegistrations;
      /** Where SIP listens (resolved ports when 0 was configured). */
      udp: { address: string; port: number };
      tcp: { address: string; port: number };
      /** Re-read trunks after they change in the database. */
      reloadTrunks(): Promise<void>;
    };
  }
}

export interface SipPluginOptions {
  sip: Config['sip'];
  /** The HTTP server is HTTPS, so `/sip` is SIP over secure WebSocket (Via WSS). */
  secureWebSocket?: boolean;
  ivr: Config['ivr'];
  dataDir: string;
  phoneRegion: string;
  /** Connected calls are recorded here (stereo WAV per call) when set. */
  recordingsDir?: string | undefined;
}

/**
 * The SIP side of the CTI server: UDP + TCP transports on SIP_PORT, SIP over WebSocket at
 * `/sip` (RFC 7118, for sip.js in the console), the UA core, the registrar for agents' phones,
 * the trunk guard for carriers, and call control wired to the ACD.
 */
export default fp<SipPluginOptions>(
  async (app, opts) => {
    const log = app.log.child({ component: 'sip' });
    const { recordingsDir } = opts;
    // Every address of the host unless SIP_HOST lists some; each peer is answered on its own.
    const udp = new UdpTransport({ host: opts.sip.listen, port: opts.sip.port });
    const tcp = new TcpTransport({ host: opts.sip.listen, port: opts.sip.port });
    // Each WebSocket connection knows our end of it; this is only the fallback.
    const ws = new WebSocketTransport(opts.secureWebSocket ? 'WSS' : 'WS', {
      address: opts.sip.publicHost ?? '127.0.0.1',
      port: 0,
    });
    const transports: Transport[] = [udp, tcp, ws];
    // SIP over TLS (RFC 3261 §26.2) on SIP_TLS_PORT when a certificate is configured.
    if (opts.sip.tlsKey && opts.sip.tlsCert) {
      transports.push(
        new TcpTransport({
          host: opts.sip.listen,
          port: opts.sip.tlsPort,
          tls: {
            key: readFileSync(opts.sip.tlsKey),
            cert: readFileSync(opts.sip.tlsCert),
            ...(opts.sip.tlsCaFile && {
              ca: [...rootCertificates, readFileSync(opts.sip.tlsCaFile, 'utf8')],
            }),
          },
        }),
      );
    }
    const core = new UserAgentCore({
      transports,
      ...(opts.sip.publicHost ? { host: opts.sip.publicHost } : {}),
      userAgent: 'kefu',
      // RFC 4028 session timers when the far end asks for them.
      supported: ['timer'],
    });

    // ── agents' phones ──
    const agents = await app.db.agent.findMany({ select: { id: true, extension: true } });
    const agentIdByExt = new Map(agents.map((a) => [a.extension, a.id]));
    const extByAgentId = new Map(agents.map((a) => [a.id, a.extension]));
    const locations = new LocationService({ timers: core.timers });
    const registrar = new Registrar({
      locations,
      realm: opts.sip.realm,
      algorithms: opts.sip.digestAlgorithms,
      credentials: async (username, realm) => {
        const agent = await app.db.agent.findUnique({
          where: { extension: username },
          select: { sipRealm: true, sipHa1Md5: true, sipHa1Sha256: true, user: { select: { active: true } } },
        });
        if (!agent || agent.sipRealm !== realm || !agent.user.active) return null;
        // The agent's SIP password (desk phones), or the console's password of the day.
        return [
          { ha1Md5: agent.sipHa1Md5, ha1Sha256: agent.sipHa1Sha256 },
          ...app.consoleSip.current(username).map((p) => ha1FromPassword(username, realm, p)),
        ];
      },
    });
    registrar.delegate = {
      onAuthFailure: (source, reason, username) =>
        log.warn({ source: `${source.address}:${source.port}`, reason, username }, 'REGISTER refused'),
      onError: (err) => log.error({ err }, 'registrar failed'),
    };
    locations.delegate = {
      onChange: (aor, contacts) => {
        const agentId = agentIdByExt.get(aor);
        if (!agentId) return;
        app.acd.setPhoneRegistered(agentId, contacts.length > 0);
        // (`calls` is built below; no REGISTER is handled before the core starts, after it.)
        if (contacts.length > 0) calls.onAgentRegistered(aor);
        app.realtime.emitToAgent(aor, 'phone.registration', {
          extension: aor,
          registered: contacts.length > 0,
          contacts: contacts.map((c) => ({
            uri: c.uri,
            transport: c.flow.protocol,
            userAgent: c.userAgent ?? null,
          })),
        });
      },
    };

    // ── carriers ──
    const trunks = new TrunkGuard({ realm: opts.sip.realm });
    trunks.delegate = {
      onInvalidTrunk: (t, err) => log.error({ trunk: t.name, err: err.message }, 'trunk ignored'),
    };
    // kefu registers itself at carriers whose trunk says so (once SIP transports are bound).
    const trunkRegistrations = new TrunkRegistrations({
      core,
      onStatus: (s) =>
        s.state === 'failed'
          ? log.warn(
              { trunk: s.trunkName, err: s.lastError, retryAt: s.nextAttemptAt },
              'trunk registration failed',
            )
          : log.info({ trunk: s.trunkName, state: s.state }, 'trunk registration'),
    });
    let sipStarted = false;
    // Calls agents dial to outside numbers leave through the first enabled outbound trunk (an IVR
    // transfer step may name another), over its transport (TLS only when kefu has a certificate,
    // i.e. a TLS transport to send from).
    let outbound: OutboundRoute[] = [];
    const hasTls = transports.some((t) => t.protocol === 'TLS');
    const reloadTrunks = async () => {
      const rows = await app.db.trunk.findMany({ orderBy: { name: 'asc' } });
      trunks.setTrunks(rows);
      if (sipStarted) trunkRegistrations.setTrunks(rows);
      const usable = (transport: string): transport is OutboundRoute['transport'] =>
        transport === 'udp' || transport === 'tcp' || (transport === 'tls' && hasTls);
      outbound = [];
      for (const t of rows) {
        if (!t.enabled || !t.host || t.direction === 'inbound') continue;
        if (!usable(t.transport)) {
          log.warn(
            { trunk: t.name, transport: t.transport },
            t.transport === 'tls'
              ? 'outbound trunk needs SIP_TLS_CERT/SIP_TLS_KEY'
              : 'outbound trunk transport unknown',
          );
          continue;
        }
        outbound.push({
          trunkName: t.name,
          host: t.host,
          port: t.port ?? (t.transport === 'tls' ? 5061 : 5060),
          transport: t.transport,
          username: t.username,
          password: t.password,
          callerId: t.callerId,
        });
      }
    };
    await reloadTrunks();

    // ── IVR: flows checked at start (a line naming a missing flow stops the start), prompts
    // synthesised in the background (a prompt not built yet is skipped, never blocks a call) ──
    const logFn = (level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) =>
      log[level](data ?? {}, message);
    const queueNames = new Map(
      (await app.db.queue.findMany({ select: { id: true, name: true } })).map((q) => [q.id, q.name]),
    );
    const flows = await loadIvrFlows({
      knownQueues: [...queueNames.values()],
      lines: await app.db.line.findMany({ select: { dnis: true, ivrFlow: true } }),
      ...(opts.ivr.flowsDir && { dir: opts.ivr.flowsDir }),
      log: logFn,
    });
    const prompts = new PromptLibrary({ dataDir: opts.dataDir, dir: opts.ivr.promptsDir, log: logFn });
    const promptsBuilt = prompts
      .build()
      .then((r) =>
        log.info(
          { generated: r.generated.length, unchanged: r.unchanged, engine: r.engine },
          'IVR prompts ready',
        ),
      )
      .catch((err: unknown) => log.error({ err }, 'IVR prompts could not be built'));
    const ivr = await createIvrLauncher({
      db: app.db,
      plane: app.media,
      registry: flows.registry,
      prompts,
      phoneRegion: opts.phoneRegion,
      log: logFn,
    });

    // ── calls ──
    const store = createCallStore(
      app.db,
      (err) => log.error({ err }, 'call record write failed'),
      () => app.realtime.emitToAll('callbacks.changed', {}),
    );
    const calls = new CallControl({
      core,
      acd: app.acd,
      media: app.media,
      ivr,
      voicemailPath: (callId: string, mailbox: string) => {
        const dir = join(opts.dataDir, 'voicemail', mailbox.replace(/[^A-Za-z0-9_-]/g, '_'));
        mkdirSync(dir, { recursive: true });
        return join(dir, `${callId}.wav`);
      },
      ...(recordingsDir && {
        // One folder per day keeps directories small on a busy centre.
        recordingPath: (callId: string) => {
          const dir = join(recordingsDir, new Date().toISOString().slice(0, 10));
          mkdirSync(dir, { recursive: true });
          return join(dir, `${callId}.wav`);
        },
      }),
      store,
      events: {
        offered: (ext, p) => app.realtime.emitToAgent(ext, 'call.offered', p),
        answered: (ext, p) => app.realtime.emitToAgent(ext, 'call.answered', p),
        ended: (ext, p) => app.realtime.emitToAgent(ext, 'call.ended', p),
      },
      checkTrunk: (source, request) => {
        const decision = trunks.check({
          address: source.address,
          method: request.method,
          authorization: [...request.headers.getAll('Proxy-Authorization')],
        });
        if (decision.kind === 'trunk')
          return { kind: 'trunk', trunkId: decision.trunk.id, trunkName: decision.trunk.name };
        return decision;
      },
      routeLine: createLineRouter(app.db),
      identifyCaller: createCallerIdentifier(app.db, opts.phoneRegion),
      agentExtension: (agentId) => extByAgentId.get(agentId),
      agentIdOf: (ext) => agentIdByExt.get(ext),
      contactsOf: (ext) =>
        locations.lookup(ext).map((b) => ({
          uri: b.contact.uri,
          webrtc: b.flow.protocol === 'WS' || b.flow.protocol === 'WSS',
          // Over its connection, or where a phone behind NAT registered from; else its Contact.
          ...withFlow(requestDestination(b)),
        })),
      agentBySource: (source, user) => {
        if (!user || !agentIdByExt.has(user)) return undefined;
        const sameFlow = locations
          .lookup(user)
          .some((b) =>
            source.connectionId
              ? b.flow.connectionId === source.connectionId
              : !b.flow.connectionId && b.flow.address === source.address && b.flow.port === source.port,
          );
        return sameFlow ? user : undefined;
      },
      outboundRoute: (name) =>
        name === undefined ? outbound[0] : outbound.find((r) => r.trunkName === name),
      domain: opts.sip.publicHost ?? opts.sip.realm,
      agentReconnectGraceMs: opts.sip.agentReconnectSeconds * 1000,
      queueAnnounceMs: opts.sip.queueAnnounceSeconds * 1000,
      promptPath: (id, language) => {
        const path = prompts.pathOf(id, language);
        return existsSync(path) ? path : undefined;
      },
      queueName: (queueId) => app.agentDirectory.queues().find((q) => q.id === queueId)?.name,
      queueIdOf: (name) => app.agentDirectory.queues().find((q) => q.name === name)?.id,
      log: logFn,
    });
    // A console (re)connecting mid-call is told the call it is on: a reload shows it again.
    app.realtime.greetAgents((extension) => {
      const call = calls.callOfAgent(extension);
      return call ? [['call.answered', call.payload()]] : [];
    });
    app.acdEvents.on('offer', (o) => calls.offer(o.callId, o.agentId));
    app.acdEvents.on('offerWithdrawn', (o) => calls.withdrawOffer(o.callId, o.agentId, o.reason));
    app.acdEvents.on('overflow', (o) => calls.overflow(o.callId, o.target.kind));

    core.delegate = {
      onInvite: (incoming) => calls.onInvite(incoming),
      onRegister: (incoming) => void registrar.handle(incoming),
      onCancel: (invite) => calls.onCancel(invite),
      onBye: (request, dialog) => calls.onBye(request, dialog),
      onReinvite: (request, dialog) => calls.onReinvite(request, dialog),
      onInfo: (request, dialog) => calls.onInfo(request, dialog),
      onRefer: (request, dialog) => calls.onRefer(request, dialog),
      onUpdate: (request, dialog) => calls.onUpdate(request, dialog),
      onAck: (ack, dialog) => calls.onAck(ack, dialog),
      onAckTimeout: (dialog) => calls.onAckTimeout(dialog),
      // The core has sent BYE on a dialog whose session was not refreshed (RFC 4028 §10).
      onSessionExpired: (dialog) => calls.onAckTimeout(dialog),
      // Bindings registered over a connection die with it (RFC 5626 flows).
      onConnectionClosed: (flow) => {
        if (!flow.connectionId) return;
        locations.removeFlow(flow.connectionId);
        // An agent on a call over it keeps the caller for a while (console reload).
        calls.onConnectionClosed(flow.connectionId);
      },
      onLog: (message) => log.debug(message),
    };

    // SIP over WebSocket for the console's sip.js (subprotocol "sip", RFC 7118 §4).
    // @fastify/websocket routes every HTTP upgrade through Fastify and 404s the ones without a
    // route, which would break socket.io's. So it only sees the upgrades for /sip.
    const sipUpgrades = new EventEmitter();
    app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if ((request.url ?? '').split('?')[0] === '/sip') sipUpgrades.emit('upgrade', request, socket, head);
    });
    await app.register(websocket, {
      options: {
        server: sipUpgrades as unknown as Server,
        handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false),
      },
    });
    app.get('/sip', { websocket: true, schema: { hide: true } }, (socket, request) => {
      // Its close is reported by the transport (onConnectionClosed drops its bindings).
      ws.accept(
        socket,
        { address: request.socket.remoteAddress ?? '', port: request.socket.remotePort ?? 0 },
        { address: request.socket.localAddress ?? '127.0.0.1', port: request.socket.localPort ?? 0 },
      );
    });
    // Phones behind NAT: their router's mapping is kept open from here.
    const keepalive = new NatKeepalive({
      locations,
      timers: core.timers,
      intervalSeconds: opts.sip.natKeepaliveSeconds,
      pingUdp: (binding) => {
        const local = core.localAddressFor(binding.flow) ?? opts.sip.realm;
        const options = core.createRequest('OPTIONS', binding.uri, {
          from: `<sip:kefu@${local.includes(':') ? `[${local}]` : local}>`,
          to: `<${binding.uri}>`,
        });
        core.send(options, {}, { destination: binding.flow });
      },
      pingConnection: (binding) => {
        const transport = transports.find((t) => t.protocol === binding.flow.protocol);
        void transport?.keepAlive?.(binding.flow);
      },
    });
    app.addHook('onClose', async () => {
      keepalive.stop();
      flows.close();
      await promptsBuilt;
      locations.dispose();
      trunkRegistrations.stop();
      await core.stop();
      await store.settled();
    });

    await core.start();
    sipStarted = true;
    keepalive.start();
    trunkRegistrations.setTrunks(await app.db.trunk.findMany());
    log.info(
      {
        transports: [
          ...udp.addresses.map((a) => `UDP ${a}:${udp.local.port}`),
          ...transports
            .filter((t) => t !== ws && t !== udp)
            .map((t) => `${t.protocol} ${t.local.address}:${t.local.port}`),
        ],
      },
      'SIP listening',
    );
    app.decorate('sip', {
      core,
      calls,
      locations,
      registrar,
      trunks,
      trunkRegistrations,
      udp: udp.local,
      tcp: tcp.local,
      reloadTrunks,
    });
  },
  { name: 'sip', dependencies: ['prisma', 'acd', 'realtime', 'media'] },
);

const withFlow = (flow: Endpoint | undefined) => (flow ? { flow } : {});
