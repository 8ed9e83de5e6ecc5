import { existsSync } from 'node:fs';
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
  /** Built console (agent-ui/dist) served at `/` when present. */
  uiDist: string | undefined;
  /**
   * PEM files: the console, the API and SIP over WebSocket are served over HTTPS/WSS with them.
   * Browsers give a page the microphone only over HTTPS (or on localhost), so every console on
   * another machine needs this or a TLS-terminating proxy in front.
   */
  https: { keyFile: string; certFile: string } | undefined;
  sip: {
    host: string;
    port: number;
    /** Address put in Via/Contact/SDP when the bind address is a wildcard. */
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
  };
  media: {
    /** embedded: in-process RTP/WebRTC engine; rtpengine: Debian's rtpengine daemon. */
    engine: 'embedded' | 'rtpengine';
    /** IPv4 address RTP sockets bind to (defaults to SIP_HOST). */
    bindAddress: string;
    /** Address written into SDP (MEDIA_PUBLIC_ADDRESS, else SIP_PUBLIC_HOST, else this host's). */
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
    uiDist: env.UI_DIST,
    https: pemPair(env, 'HTTPS_KEY', 'HTTPS_CERT'),
    sip: {
      host: env.SIP_HOST ?? '0.0.0.0',
      port: int(env, 'SIP_PORT', 5060),
      publicHost: env.SIP_PUBLIC_HOST,
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
    bindAddress: env.RTP_HOST ?? env.SIP_HOST ?? '0.0.0.0',
    advertisedAddress: env.MEDIA_PUBLIC_ADDRESS ?? env.SIP_PUBLIC_HOST,
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
