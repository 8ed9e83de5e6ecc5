import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { dataDir } from '@kefu/db';

/** Everything kefu reads from its environment, with the embedded defaults. */
export interface Config {
  httpHost: string;
  httpPort: number;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Secret for signing API tokens; generated into the data dir when not given. */
  tokenSecret: string | undefined;
  tokenTtlSeconds: number;
  phoneRegion: string;
  logLevel: string;
  /**
   * SHUTDOWN_DRAIN_SECONDS: on SIGTERM/SIGINT, how long calls in progress may go on (new ones
   * are refused with 503) before the rest are hung up and the server stops.
   */
  shutdownDrainSeconds: number;
  /** Built console (agent-ui/dist) served at `/` when present. */
  uiDist: string | undefined;
  /**
   * PEM files: the console, the API and SIP over WebSocket are served over HTTPS/WSS with them.
   * Browsers give a page the microphone only over HTTPS (or on localhost), so every console on
   * another machine needs this or a TLS-terminating proxy in front.
   */
  https: { keyFile: string; certFile: string } | undefined;
  /** METRICS_TOKEN: when set, GET /metrics wants `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  sip: {
    /**
     * SIP_HOST: addresses SIP listens on, comma-separated (like Kamailio's `listen` lines).
     * Empty (the default) means every address of this host, IPv4 and IPv6, each answering on
     * its own address; `0.0.0.0` means every IPv4 address.
     */
    listen: string[];
    port: number;
    /**
     * SIP_PUBLIC_HOST: the address put in Via/Contact (and SDP) instead of the local one, for a
     * server behind 1:1 NAT. Unset: each peer sees the address of ours it reaches us on.
     */
    publicHost: string | undefined;
    realm: string;
    /** Digest algorithms challenged, in order. MD5 first by default: SIPp and most desk phones
     *  read only the first challenge and know only MD5 (RFC 8760 prefers SHA-256); sip.js reads
     *  the last one, so the console drops the non-MD5 challenges before sip.js sees them. */
    digestAlgorithms: ('MD5' | 'SHA-256')[];
    tlsKey: string | undefined;
    tlsCert: string | undefined;
    tlsPort: number;
    /** Extra CAs (PEM file) trusted for carriers' TLS certificates, beside the system's. */
    tlsCaFile: string | undefined;
    agentReconnectSeconds: number;
    queueAnnounceSeconds: number;
    /** Keep-alive to phones behind NAT every N seconds (OPTIONS on UDP, CRLF/ping on connections); 0 = off. */
    natKeepaliveSeconds: number;
    /** REGISTRAR_MAX_CONTACTS: contacts one extension may register; each one rings on every offered call. */
    registrarMaxContacts: number;
    /**
     * MAX_INBOUND_CALLS: carrier calls in progress at once; the next INVITE gets 503 with
     * Retry-After before any media is allocated. 0 = no cap (the media plane running out of
     * ports still answers 503, never 500).
     */
    maxInboundCalls: number;
    /**
     * Flood defence per source address: SIP_RATE_LIMIT new requests per second of each kind
     * (INVITE, REGISTER, OPTIONS, other; 0 = off), SIP_RATE_BAN_SECONDS for the first ban of a
     * source that keeps flooding (0 = never), SIP_DROP_SCANNERS for scanners' User-Agents.
     */
    flood: { ratePerSecond: number; banSeconds: number; dropScanners: boolean };
    /**
     * SIP_MAX_CONNECTIONS_PER_ADDRESS: TCP, TLS and WebSocket connections one address may hold
     * open to us, per transport (0 = no cap); SIP_MESSAGE_TIMEOUT_SECONDS: time a new connection
     * has to send its first message (and TLS to shake hands), and any begun message to complete.
     */
    connections: { maxPerAddress: number; messageTimeoutSeconds: number };
    /**
     * CARRIER_PROBE_SECONDS: how often the UDP carrier of a caller in the IVR or a queue is
     * probed with OPTIONS, so one that vanished (no CANCEL) is found in seconds (0 = never).
     */
    carrierProbeSeconds: number;
    /**
     * Outside numbers agents' phones may dial (and blind-transfer callers to), beside national
     * fixed, mobile and toll-free numbers and emergency numbers, which always go out.
     */
    outbound: { allowInternational: boolean; allowPremium: boolean; allowSharedCost: boolean };
  };
  media: {
    /** embedded: in-process RTP/WebRTC engine; rtpengine: Debian's rtpengine daemon. */
    engine: 'embedded' | 'rtpengine';
    /**
     * RTP_HOST, else SIP_HOST when it is one address, else a wildcard: each leg's socket then
     * binds the address its party reaches us on.
     */
    bindAddress: string;
    /**
     * MEDIA_PUBLIC_ADDRESS, else SIP_PUBLIC_HOST: written into every SDP. Unset: each leg's SDP
     * carries the address of ours its party's SIP arrived on.
     */
    advertisedAddress: string | undefined;
    portMin: number;
    portMax: number;
    /** No RTP on a leg for this long ends the call (0 = never). */
    timeoutSeconds: number;
    /**
     * MEDIA=embedded: run the plane (ticker, RTP, recording) in a worker thread, beside the main
     * thread's SIP, routing and database work (the default), or on the main thread.
     */
    thread: 'worker' | 'main';
    /** Record every connected call to <dataDir>/recordings. */
    recordCalls: boolean;
    /** MEDIA=rtpengine: its ng control port (DTMF events arrive on the next port). */
    rtpengine: { ngPort: number; spawn: boolean };
  };
  ivr: {
    /** Synthesised prompt audio (default <dataDir>/prompts). */
    promptsDir: string | undefined;
    /** Extra flow files (.ts/.js/.json), watched and hot-reloaded; built-in flows always load. */
    flowsDir: string | undefined;
  };
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0, max = 65535): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = (env[name] ?? '').toLowerCase();
  if (raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false (got "${env[name]}")`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    httpHost: env.HTTP_HOST ?? '0.0.0.0',
    httpPort: int(env, 'HTTP_PORT', 8080),
    dataDir: dataDir(env),
    databaseUrl: env.DATABASE_URL,
    tokenSecret: env.TOKEN_SECRET,
    tokenTtlSeconds: int(env, 'TOKEN_TTL_SECONDS', 12 * 3600, 60, 30 * 86400),
    phoneRegion: (env.PHONE_DEFAULT_REGION ?? 'CN').toUpperCase(),
    logLevel: env.LOG_LEVEL ?? 'info',
    shutdownDrainSeconds: int(env, 'SHUTDOWN_DRAIN_SECONDS', 30, 0, 3600),
    uiDist: env.UI_DIST,
    https: pemPair(env, 'HTTPS_KEY', 'HTTPS_CERT'),
    metricsToken: env.METRICS_TOKEN || undefined,
    sip: {
      listen: addressList(env.SIP_HOST),
      port: int(env, 'SIP_PORT', 5060),
      publicHost: env.SIP_PUBLIC_HOST || undefined,
      realm: env.SIP_REALM ?? 'kefu',
      digestAlgorithms: digestAlgorithms(env.SIP_DIGEST_ALGORITHMS ?? 'MD5,SHA-256'),
      // SIP over TLS uses the HTTPS certificate unless it has its own.
      tlsKey: env.SIP_TLS_KEY ?? env.HTTPS_KEY,
      tlsCert: env.SIP_TLS_CERT ?? env.HTTPS_CERT,
      tlsPort: int(env, 'SIP_TLS_PORT', 5061),
      tlsCaFile: existingFile(env, 'SIP_TLS_CA'),
      // How long a caller is held when the agent's phone connection drops mid-call (reload).
      agentReconnectSeconds: int(env, 'AGENT_RECONNECT_SECONDS', 60, 5, 600),
      // Place in line for answered callers waiting in a queue, every N seconds (0 = never).
      queueAnnounceSeconds: int(env, 'QUEUE_ANNOUNCE_SECONDS', 30, 0, 3600),
      // Below the 30 s a Linux router (conntrack) and many home routers keep an idle UDP mapping.
      natKeepaliveSeconds: int(env, 'SIP_NAT_KEEPALIVE_SECONDS', 20, 0, 3600),
      // A desk phone, a console or two, a mobile softphone: 10 leaves room; 300 was an amplifier.
      registrarMaxContacts: int(env, 'REGISTRAR_MAX_CONTACTS', 10, 1, 100),
      // No cap by default: what one host carries depends on its CPU, its licences and its carriers'
      // channels, not on the RTP range alone (agents' and IVR legs share it; rtpengine has its own).
      maxInboundCalls: int(env, 'MAX_INBOUND_CALLS', 0, 0, 100_000),
      // Per source address and kind, with a burst of 5 s worth (100): a 200-phone office behind
      // one NAT re-registering every minute sends ~7/s; a flood of 500/s is cut to 20/s, then banned.
      flood: {
        ratePerSecond: int(env, 'SIP_RATE_LIMIT', 20, 0, 100_000),
        banSeconds: int(env, 'SIP_RATE_BAN_SECONDS', 60, 0, 86_400),
        dropScanners: bool(env, 'SIP_DROP_SCANNERS', true),
      },
      // An office NAT carries every agent's console (and TCP phone) connection: 500 is room for
      // a big floor, and a thousand half-open connections from one address are not.
      connections: {
        maxPerAddress: int(env, 'SIP_MAX_CONNECTIONS_PER_ADDRESS', 500, 0, 100_000),
        messageTimeoutSeconds: int(env, 'SIP_MESSAGE_TIMEOUT_SECONDS', 10, 0, 3600),
      },
      carrierProbeSeconds: int(env, 'CARRIER_PROBE_SECONDS', 5, 0, 3600),
      // Toll fraud: international and premium-rate numbers are refused unless allowed here.
      outbound: {
        allowInternational: bool(env, 'OUTBOUND_ALLOW_INTERNATIONAL', false),
        allowPremium: bool(env, 'OUTBOUND_ALLOW_PREMIUM', false),
        allowSharedCost: bool(env, 'OUTBOUND_ALLOW_SHARED_COST', true),
      },
    },
    media: mediaConfig(env),
    ivr: { promptsDir: env.PROMPTS_DIR, flowsDir: env.IVR_FLOWS_DIR },
  };
}

function mediaConfig(env: NodeJS.ProcessEnv): Config['media'] {
  const engine = env.MEDIA ?? 'embedded';
  if (engine !== 'embedded' && engine !== 'rtpengine') {
    throw new ConfigError(`MEDIA must be embedded or rtpengine (got "${engine}")`);
  }
  const portMin = int(env, 'RTP_PORT_MIN', 20000, 1024);
  const portMax = int(env, 'RTP_PORT_MAX', 30000, 1024);
  if (portMax - portMin < 10) {
    throw new ConfigError(`RTP_PORT_MAX must be at least RTP_PORT_MIN + 10 (got ${portMin}–${portMax})`);
  }
  const record = (env.RECORD_CALLS ?? 'true').toLowerCase();
  const thread = env.MEDIA_THREAD ?? 'worker';
  if (thread !== 'worker' && thread !== 'main') {
    throw new ConfigError(`MEDIA_THREAD must be worker or main (got "${thread}")`);
  }
  return {
    engine,
    bindAddress: env.RTP_HOST || singleAddress(env.SIP_HOST) || '0.0.0.0',
    advertisedAddress: env.MEDIA_PUBLIC_ADDRESS || env.SIP_PUBLIC_HOST || undefined,
    portMin,
    portMax,
    timeoutSeconds: int(env, 'MEDIA_TIMEOUT_SECONDS', 60, 0, 3600),
    thread,
    recordCalls: record !== 'false' && record !== '0' && record !== 'off',
    rtpengine: {
      ngPort: int(env, 'RTPENGINE_NG_PORT', 22222, 1024, 65534),
      spawn: (env.RTPENGINE_SPAWN ?? 'true').toLowerCase() !== 'false',
    },
  };
}

/** "192.0.2.7, 2001:db8::7" → addresses; each must be an IP literal. */
function addressList(raw: string | undefined): string[] {
  const list = (raw ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  for (const a of list) {
    if (isIP(a) === 0) throw new ConfigError(`SIP_HOST takes IP addresses, comma-separated (got "${a}")`);
  }
  return list;
}

/** SIP_HOST when it names exactly one address (not a wildcard): RTP binds it too. */
function singleAddress(raw: string | undefined): string | undefined {
  const list = addressList(raw);
  const [only] = list;
  return list.length === 1 && only !== '0.0.0.0' && only !== '::' ? only : undefined;
}

function pemPair(
  env: NodeJS.ProcessEnv,
  keyName: string,
  certName: string,
): { keyFile: string; certFile: string } | undefined {
  const keyFile = env[keyName] || undefined;
  const certFile = env[certName] || undefined;
  if (!keyFile && !certFile) return undefined;
  if (!keyFile || !certFile)
    throw new ConfigError(`${keyName} and ${certName} go together: set both or neither`);
  for (const [name, file] of [
    [keyName, keyFile],
    [certName, certFile],
  ] as const) {
    if (!existsSync(file)) throw new ConfigError(`${name}: no such file ${file}`);
  }
  return { keyFile, certFile };
}

function existingFile(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const file = env[name] || undefined;
  if (file && !existsSync(file)) throw new ConfigError(`${name}: no such file ${file}`);
  return file;
}

function digestAlgorithms(raw: string): ('MD5' | 'SHA-256')[] {
  const list = raw.split(',').map((a) => a.trim().toUpperCase());
  if (list.length === 0 || list.some((a) => a !== 'MD5' && a !== 'SHA-256')) {
    throw new ConfigError(`SIP_DIGEST_ALGORITHMS takes MD5 and/or SHA-256, comma-separated (got "${raw}")`);
  }
  return list as ('MD5' | 'SHA-256')[];
}
