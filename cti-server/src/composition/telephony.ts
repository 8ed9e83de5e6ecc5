import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '@kefu/db';
import type { Acd } from '../acd/index.js';
import { CallControl } from '../call/call-control.js';
import type { CallEvents, OutboundRoute } from '../call/call-control-deps.js';
import type { Clock } from '../clock/index.js';
import type { Config } from '../config.js';
import type { ServerEventName, ServerEventPayload } from '../contract/socket-events.js';
import type { IvrFlows } from '../ivr/load-ivr-flows.js';
import { PromptLibrary } from '../prompts/index.js';
import { AgentRequestAuth } from '../registrar/agent-request-auth.js';
import {
  ha1FromPassword,
  type CredentialLookup,
  LocationService,
  NatKeepalive,
  Registrar,
  isRegisteredPhone,
  phoneContacts,
  type RegistrationStore,
} from '../registrar/index.js';
import type { MediaPlane } from '../rtp/media-plane.js';
import { createCallStore } from '../services/call-path/call-store.js';
import { createOutboundPolicyStore } from '../services/outbound/outbound-policy-store.js';
import { createIvrLauncher } from '../services/call-path/ivr-launcher.js';
import { createLineRouter } from '../services/call-path/call-routing.js';
import { createQueueMusic } from '../services/call-path/queue-music.js';
import type { ConfigChanges } from '../services/config/config-changes.js';
import { identifyCaller } from '../services/crm/customer-service.js';
import { createPrismaRegistrationStore } from '../services/registrations/prisma-registration-store.js';
import type { AgentDirectory } from '../services/routing/agent-directory.js';
import {
  probeUdp,
  TcpTransport,
  UdpTransport,
  UserAgentCore,
  WebSocketTransport,
  type Transport,
} from '../sip/index.js';
import { TrunkGuard, TrunkRegistrations } from '../trunks/index.js';
import { SourceGuard } from '../flood/source-guard.js';

export interface TelephonySettings {
  sip: Config['sip'];
  ivr: Config['ivr'];
  dataDir: string;
  phoneRegion: string;
  /** Connected calls are recorded here (stereo WAV per call) when set. */
  recordingsDir?: string | undefined;
  /** The HTTP server is HTTPS, so `/sip` is SIP over secure WebSocket (Via WSS). */
  secureWebSocket?: boolean;
}

/** Pushes to consoles (socket.io): the typed events of the server ↔ console contract. */
export interface ConsoleNotifier {
  emitToAgent<E extends ServerEventName>(extension: string, event: E, payload: ServerEventPayload<E>): void;
  emitToAll<E extends ServerEventName>(event: E, payload: ServerEventPayload<E>): void;
  emitToSupervisors<E extends ServerEventName>(event: E, payload: ServerEventPayload<E>): void;
}

export interface TelephonyDeps {
  settings: TelephonySettings;
  db: Db;
  acd: Acd;
  /** The one agent directory (the ACD's): extension ↔ agent id, queue name ↔ id. */
  directory: AgentDirectory;
  media: MediaPlane;
  /** The console's SIP passwords of the day for an extension (its own phone registers with them). */
  consolePasswords(extension: string): string[];
  consoles: ConsoleNotifier;
  /** Where phones' registrations outlive the process; the database (`Registration`) by default. */
  registrationStore?: RegistrationStore;
  /** Administration's changes: the line router and IVR launcher re-read what they cache. */
  configChanges?: ConfigChanges;
  /**
   * The loaded IVR flows (`plugins/app/ivr-flows.ts`, checked at start against the queues and
   * every line's flow); the administration lists the same registry.
   */
  flows: IvrFlows;
  clock: Clock;
  log: FastifyBaseLogger;
}

export interface Telephony {
  core: UserAgentCore;
  calls: CallControl;
  locations: LocationService;
  registrar: Registrar;
  trunks: TrunkGuard;
  /** Per-source rate limits, bans and the scanner filter in front of the transaction layer. */
  floodGuard: SourceGuard;
  /** kefu's own registrations at carriers. */
  trunkRegistrations: TrunkRegistrations;
  /** SIP over WebSocket: the HTTP server hands it each `/sip` connection. */
  webSocket: WebSocketTransport;
  udp: UdpTransport;
  tcp: TcpTransport;
  /** Re-read trunks after they change in the database. */
  reloadTrunks(): Promise<void>;
  /** Open connections per transport (TCP, TLS, WS). */
  connectionCounts(): Record<string, number>;
  /** Whether `address` may open one more SIP-over-WebSocket connection. */
  acceptsWebSocketFrom(address: string): boolean;
  /** Binds the transports and starts keep-alives and trunk registrations. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The SIP side of the CTI server, wired from its parts: transports, the UA core, the registrar
 * for agents' phones, the trunk guard and registrations for carriers, the IVR, and call control
 * between them, the ACD and the media plane. Read top to bottom: phones, carriers, IVR, calls.
 */
export async function createTelephony(deps: TelephonyDeps): Promise<Telephony> {
  const { settings, db, acd, directory, clock } = deps;
  const log = deps.log.child({ component: 'sip' });
  const logFn = (level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) =>
    log[level](data ?? {}, message);

  // ── transports and the UA core ──
  // Every address of the host unless SIP_HOST lists some; each peer is answered on its own.
  const udp = new UdpTransport({ host: settings.sip.listen, port: settings.sip.port });
  const connectionLimits = {
    maxConnectionsPerAddress: settings.sip.connections.maxPerAddress,
    messageTimeoutMs: settings.sip.connections.messageTimeoutSeconds * 1000,
  };
  const tcp = new TcpTransport({ host: settings.sip.listen, port: settings.sip.port, ...connectionLimits });
  // Each WebSocket connection knows our end of it; this is only the fallback.
  const webSocket = new WebSocketTransport(settings.secureWebSocket ? 'WSS' : 'WS', {
    address: settings.sip.publicHost ?? '127.0.0.1',
    port: 0,
  });
  const transports: Transport[] = [udp, tcp, webSocket];
  // SIP over TLS (RFC 3261 §26.2) on SIP_TLS_PORT when a certificate is configured.
  const { tlsKey, tlsCert, tlsCaFile } = settings.sip;
  if (tlsKey && tlsCert) {
    transports.push(
      new TcpTransport({
        host: settings.sip.listen,
        port: settings.sip.tlsPort,
        ...connectionLimits,
        tls: {
          key: readFileSync(tlsKey),
          cert: readFileSync(tlsCert),
          ...(tlsCaFile && { ca: [...rootCertificates, readFileSync(tlsCaFile, 'utf8')] }),
        },
      }),
    );
  }
  // Flood and scanner defence before any transaction is made (carriers limited, never banned).
  const trunks = new TrunkGuard({ realm: settings.sip.realm, clock });
  const floodGuard = new SourceGuard({
    clock,
    ratePerSecond: settings.sip.flood.ratePerSecond,
    banMs: settings.sip.flood.banSeconds * 1000,
    dropScanners: settings.sip.flood.dropScanners,
    isTrusted: (address) => trunks.isTrunkAddress(address),
    onBan: (address, until) =>
      log.warn({ source: address, until: new Date(until).toISOString() }, 'SIP source banned for flooding'),
  });
  const core = new UserAgentCore({
    transports,
    screen: (request, source) => {
      const screening = floodGuard.screen(
        {
          method: request.method,
          inDialog: request.toTag !== undefined,
          userAgent: request.headers.get('User-Agent'),
        },
        source.address,
      );
      if (screening.verdict === 'pass') return undefined;
      if (screening.verdict === 'drop') return { drop: screening.reason };
      return {
        status: screening.status,
        reason: screening.reason,
        headers: [['Retry-After', String(screening.retryAfterSeconds)]],
      };
    },
    clock,
    ...(settings.sip.publicHost ? { host: settings.sip.publicHost } : {}),
    userAgent: 'kefu',
    // RFC 4028 session timers when the far end asks for them.
    supported: ['timer'],
  });

  // ── agents' phones ──
  // Bindings are answered from memory and written behind to the store, so that after a restart
  // (a crash included) desk phones on UDP are reachable before they register again.
  const locations = new LocationService({
    clock,
    store:
      deps.registrationStore ??
      createPrismaRegistrationStore(db, (row, err) =>
        log.warn({ aor: row.aor, binding: row.bindingKey, err }, 'stored registration unreadable, skipped'),
      ),
    onStoreError: (err, what) => log.error({ err, what }, 'registrations store failed'),
  });
  // The agent's SIP password (desk phones), or the console's password of the day.
  const agentCredentials: CredentialLookup = async (username, realm) => {
    const agent = await db.agent.findUnique({
      where: { extension: username },
      select: { sipRealm: true, sipHa1Md5: true, sipHa1Sha256: true, user: { select: { active: true } } },
    });
    if (!agent || agent.sipRealm !== realm || !agent.user.active) return null;
    return [
      { ha1Md5: agent.sipHa1Md5, ha1Sha256: agent.sipHa1Sha256 },
      ...deps.consolePasswords(username).map((p) => ha1FromPassword(username, realm, p)),
    ];
  };
  const registrar = new Registrar({
    locations,
    maxContacts: settings.sip.registrarMaxContacts,
    realm: settings.sip.realm,
    algorithms: settings.sip.digestAlgorithms,
    credentials: agentCredentials,
  });
  // INVITEs from phones: the same credentials, and wrong guesses count in the same limiter.
  const agentAuth = new AgentRequestAuth({
    realm: settings.sip.realm,
    algorithms: settings.sip.digestAlgorithms,
    credentials: agentCredentials,
    limiter: registrar.limiter,
    now: () => clock.now(),
    onFailure: (source, reason, username) =>
      reason !== 'no-credentials' &&
      log.warn({ source: `${source.address}:${source.port}`, reason, username }, 'INVITE refused'),
  });
  registrar.delegate = {
    onAuthFailure: (source, reason, username) =>
      log.warn({ source: `${source.address}:${source.port}`, reason, username }, 'REGISTER refused'),
    onError: (err) => log.error({ err }, 'registrar failed'),
  };
  // Phones behind NAT: their router's mapping is kept open from here.
  const keepalive = new NatKeepalive({
    locations,
    clock,
    intervalSeconds: settings.sip.natKeepaliveSeconds,
    pingUdp: (binding) => {
      const local = core.localAddressFor(binding.flow) ?? settings.sip.realm;
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

  // ── carriers ──
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
  let started = false;
  // Calls out leave through the first enabled outbound trunk (an IVR transfer step may name
  // another), over its transport (TLS only when kefu has a certificate to send from).
  let outbound: OutboundRoute[] = [];
  const hasTls = transports.some((t) => t.protocol === 'TLS');
  const reloadTrunks = async () => {
    const rows = await db.trunk.findMany({ orderBy: { name: 'asc' } });
    trunks.setTrunks(rows);
    if (started) trunkRegistrations.setTrunks(rows);
    outbound = outboundRoutes(rows, hasTls, (trunk, message) => log.warn({ trunk }, message));
  };
  await reloadTrunks();

  // ── IVR: flows loaded and checked at start by the ivr-flows plugin (a line naming a missing
  // flow stops the start), prompts synthesised in the background (a prompt not built yet is
  // skipped, never blocks a call) ──
  const { flows } = deps;
  const prompts = new PromptLibrary({ dataDir: settings.dataDir, dir: settings.ivr.promptsDir, log: logFn });
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
    db,
    plane: deps.media,
    registry: flows.registry,
    prompts,
    phoneRegion: settings.phoneRegion,
    clock,
    log: logFn,
    ...(deps.configChanges && { configChanges: deps.configChanges }),
  });

  // ── calls ──
  const store = createCallStore(
    db,
    (err) => log.error({ err }, 'call record write failed'),
    () => deps.consoles.emitToAll('callbacks.changed', {}),
  );
  const events: CallEvents = {
    offered: (ext, p) => deps.consoles.emitToAgent(ext, 'call.offered', p),
    answered: (ext, p) => deps.consoles.emitToAgent(ext, 'call.answered', p),
    ended: (ext, p) => deps.consoles.emitToAgent(ext, 'call.ended', p),
    outboundRefused: (e) => deps.consoles.emitToSupervisors('outbound.refused', e),
  };
  const { recordingsDir } = settings;
  // Queues' uploaded music on hold, re-read when a queue changes.
  const queueMusic = await createQueueMusic(db, deps.configChanges);
  const calls = new CallControl({
    core,
    acd,
    media: deps.media,
    ivr,
    clock,
    voicemailPath: (callId, mailbox) =>
      dayFile(join(settings.dataDir, 'voicemail', mailbox.replace(/[^A-Za-z0-9_-]/g, '_')), callId),
    // One folder per day keeps directories small on a busy centre.
    ...(recordingsDir && {
      recordingPath: (callId: string) =>
        dayFile(join(recordingsDir, new Date(clock.now()).toISOString().slice(0, 10)), callId),
    }),
    store,
    events,
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
    routeLine: createLineRouter(db, deps.configChanges, undefined, (message, data) =>
      log.warn(data, message),
    ),
    identifyCaller: (ani) => identifyCaller(db, ani, settings.phoneRegion),
    agentExtension: (agentId) => directory.agent(agentId)?.extension,
    agentIdOf: (ext) => directory.agentByExtension(ext)?.id,
    // Over its connection, or where a phone behind NAT registered from; else its Contact.
    contactsOf: (ext) => phoneContacts(locations, ext),
    agentBySource: (source, user) =>
      user && directory.agentByExtension(user) && isRegisteredPhone(locations, source, user)
        ? user
        : undefined,
    // Only when the source matched a binding above: over its connection, or digest over UDP.
    authorizeAgentRequest: (incoming, extension) => agentAuth.authorize(incoming, extension),
    outboundPolicy: { region: settings.phoneRegion, ...settings.sip.outbound },
    // Dial rules, hourly caps and refusals: read and counted in the database for each call.
    outboundStore: createOutboundPolicyStore(db),
    outboundRoute: (name) => (name === undefined ? outbound[0] : outbound.find((r) => r.trunkName === name)),
    domain: settings.sip.publicHost ?? settings.sip.realm,
    agentReconnectGraceMs: settings.sip.agentReconnectSeconds * 1000,
    maxInboundCalls: settings.sip.maxInboundCalls,
    // A UDP carrier gone while its caller waits answers no OPTIONS (or its host says ICMP "port unreachable").
    probeCarrier: (target) => probeUdp(target),
    carrierProbeMs: settings.sip.carrierProbeSeconds * 1000,
    queueAnnounceMs: settings.sip.queueAnnounceSeconds * 1000,
    promptPath: (id, language) => {
      const path = prompts.pathOf(id, language);
      return existsSync(path) ? path : undefined;
    },
    holdMusic: (queueId) => queueMusic.forQueue(queueId),
    queueName: (queueId) => directory.queue(queueId)?.name,
    queueIdOf: (name) => directory.queueByName(name)?.id,
    log: logFn,
  });
  // The ACD's offers, withdrawals and overflows go straight to call control.
  acd.connectCalls(calls);

  // A phone (un)registering: the ACD may (not) offer its agent calls; a call waiting for the
  // phone to come back is called again; the console shows the phone's state.
  locations.delegate = {
    onChange: (aor, contacts) => {
      const agent = directory.agentByExtension(aor);
      if (!agent) return;
      acd.setPhoneRegistered(agent.id, contacts.length > 0);
      if (contacts.length > 0) calls.onAgentRegistered(aor);
      deps.consoles.emitToAgent(aor, 'phone.registration', {
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

  core.delegate = {
    ...calls.coreDelegate(),
    onRegister: (incoming) => void registrar.handle(incoming),
    // Bindings registered over a connection die with it (RFC 5626 flows).
    onConnectionClosed: (flow) => {
      if (!flow.connectionId) return;
      locations.removeFlow(flow.connectionId);
      // An agent on a call over it keeps the caller for a while (console reload).
      calls.onConnectionClosed(flow.connectionId);
    },
    onLog: (message) => log.debug(message),
  };

  return {
    core,
    calls,
    locations,
    registrar,
    trunks,
    floodGuard,
    trunkRegistrations,
    webSocket,
    udp,
    tcp,
    reloadTrunks,
    connectionCounts: () => {
      const counts: Record<string, number> = {};
      for (const t of transports)
        if (t instanceof TcpTransport || t instanceof WebSocketTransport)
          counts[t.protocol] = t.connectionCount;
      return counts;
    },
    acceptsWebSocketFrom: (address) =>
      connectionLimits.maxConnectionsPerAddress === 0 ||
      webSocket.connectionsFrom(address) < connectionLimits.maxConnectionsPerAddress,
    async start() {
      // Phones registered before the last stop (or crash): UDP ones are reachable again, each
      // restored AOR reaching the ACD through locations.delegate above; every other agent's
      // phone is not registered, whatever the ACD assumed.
      const restored = await locations.restore();
      for (const agent of directory.agents()) {
        if (locations.lookup(agent.extension).length === 0) acd.setPhoneRegistered(agent.id, false);
      }
      if (restored.restored + restored.dropped + restored.expired > 0)
        log.info(restored, 'registrations restored');
      await core.start();
      started = true;
      keepalive.start();
      // Their NATs' mappings may be about to close after the downtime: the keep-alives resume now.
      if (restored.restored > 0) keepalive.tick();
      trunkRegistrations.setTrunks(await db.trunk.findMany());
      log.info(
        {
          transports: [
            ...udp.addresses.map((a) => `UDP ${a}:${udp.local.port}`),
            ...transports
              .filter((t) => t !== webSocket && t !== udp)
              .map((t) => `${t.protocol} ${t.local.address}:${t.local.port}`),
          ],
        },
        'SIP listening',
      );
    },
    async stop() {
      keepalive.stop();
      // Before the transports close: their connections' bindings stay stored, as after a crash.
      await locations.closeStore();
      await promptsBuilt;
      locations.dispose();
      trunkRegistrations.stop();
      await core.stop();
      await store.settled();
    },
  };
}

/** `<dir>/<callId>.wav`, the folder made on first use. */
function dayFile(dir: string, callId: string): string {
  mkdirSync(dir, { recursive: true });
  return join(dir, `${callId}.wav`);
}

/** The enabled trunks calls may leave through, in name order; unusable ones are logged. */
function outboundRoutes(
  rows: Array<{
    name: string;
    enabled: boolean;
    host: string | null;
    port: number | null;
    direction: string;
    transport: string;
    username: string | null;
    password: string | null;
    callerId: string | null;
  }>,
  hasTls: boolean,
  warn: (trunk: string, message: string) => void,
): OutboundRoute[] {
  const routes: OutboundRoute[] = [];
  for (const t of rows) {
    if (!t.enabled || !t.host || t.direction === 'inbound') continue;
    const transport = t.transport;
    if (!(transport === 'udp' || transport === 'tcp' || (transport === 'tls' && hasTls))) {
      warn(
        t.name,
        transport === 'tls'
          ? 'outbound trunk needs SIP_TLS_CERT/SIP_TLS_KEY'
          : 'outbound trunk transport unknown',
      );
      continue;
    }
    routes.push({
      trunkName: t.name,
      host: t.host,
      port: t.port ?? (transport === 'tls' ? 5061 : 5060),
      transport,
      username: t.username,
      password: t.password,
      callerId: t.callerId,
    });
  }
  return routes;
}
