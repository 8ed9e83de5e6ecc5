// SIP messages for the fuzzer: valid requests and responses of every method kefu meets (grammar
// of RFC 3261 §25, SDP of RFC 4566), then mutated. Every address a message names is a loopback
// one, so nothing the server does in answer (responses, RTP, in-dialog requests) leaves the host.
import type { FuzzRandom } from './fuzz-random.js';

export type FuzzTransport = 'UDP' | 'TCP' | 'WS';

/** Where the fuzzer's client sits and what it talks to. */
export interface SipTarget {
  transport: FuzzTransport;
  /** The client's address and port (Via, Contact). */
  localPort: number;
  serverPort: number;
}

export interface FuzzMessage {
  data: Buffer;
  /** The Call-ID as generated (mutations may have broken it in `data`). */
  callId: string;
  /** Base message and the mutations applied, for the failure report. */
  description: string;
  /** An INVITE's Request-URI, so the harness can CANCEL / ACK+BYE what the server answered. */
  inviteUri?: string;
}

interface Draft {
  startLine: string;
  headers: Array<[string, string]>;
  body: string;
  /** Line ending of the header section. */
  eol: string;
  /** Content-Length: computed from the body unless a mutation set it. */
  contentLength: string | null | undefined;
}

const LOOPBACK = '127.0.0.1';

const REQUEST_METHODS = [
  'INVITE',
  'REGISTER',
  'OPTIONS',
  'BYE',
  'CANCEL',
  'ACK',
  'SUBSCRIBE',
  'MESSAGE',
  'INFO',
  'UPDATE',
  'REFER',
  'NOTIFY',
  'PRACK',
  'PUBLISH',
] as const;

/** Compact header forms (RFC 3261 §7.3.3, RFC 3265, RFC 3515, RFC 3841). */
const COMPACT: Record<string, string> = {
  Via: 'v',
  From: 'f',
  To: 't',
  'Call-ID': 'i',
  'Content-Length': 'l',
  Contact: 'm',
  'Content-Type': 'c',
  Supported: 'k',
  Subject: 's',
  Event: 'o',
  'Refer-To': 'r',
  'Content-Encoding': 'e',
};

let counter = 0;

/** A fresh message for `target`: a valid one, then (mostly) mutated. */
export function generateSipMessage(rng: FuzzRandom, target: SipTarget): FuzzMessage {
  counter++;
  const id = `${counter.toString(36)}${rng.token(6)}`;
  const callId = `fz-${id}@${LOOPBACK}`;
  const base: { kind: string; draft: Draft; inviteUri?: string } = rng.chance(0.85)
    ? request(rng, target, id, callId)
    : response(rng, target, id, callId);
  const steps = [base.kind];
  const rounds = rng.weighted<number>([
    [15, 0],
    [45, 1],
    [25, 2],
    [15, rng.int(3, 6)],
  ]);
  let bytes: Buffer | undefined;
  for (let i = 0; i < rounds; i++) {
    const mutation = rng.pick(MUTATIONS);
    steps.push(mutation.name);
    if (mutation.bytes) {
      bytes ??= serialize(base.draft);
      bytes = mutation.bytes(rng, bytes);
    } else if (!bytes) mutation.draft?.(rng, base.draft, target);
  }
  return {
    data: bytes ?? serialize(base.draft),
    callId,
    description: steps.join(' + '),
    ...(base.inviteUri !== undefined && { inviteUri: base.inviteUri }),
  };
}

/** A valid OPTIONS, for the "still alive" check after each batch. */
export function wellFormedOptions(target: SipTarget, tag: string): { data: Buffer; callId: string } {
  const callId = `alive-${tag}@${LOOPBACK}`;
  const draft: Draft = {
    startLine: `OPTIONS sip:kefu@${LOOPBACK}:${target.serverPort} SIP/2.0`,
    headers: [
      ['Via', `${viaValue(target)};branch=z9hG4bK-alive-${tag};rport`],
      ['Max-Forwards', '70'],
      ['From', `<sip:fuzz@${LOOPBACK}>;tag=alive-${tag}`],
      ['To', `<sip:kefu@${LOOPBACK}>`],
      ['Call-ID', callId],
      ['CSeq', '1 OPTIONS'],
    ],
    body: '',
    eol: '\r\n',
    contentLength: undefined,
  };
  return { data: serialize(draft), callId };
}

/** ACK and BYE for a 2xx to one of our INVITEs, CANCEL for a provisional one. */
export function hangUp(
  target: SipTarget,
  response: string,
  inviteUri: string,
): { ack?: Buffer; bye?: Buffer; cancel?: Buffer } {
  const header = (name: string, compact: string) =>
    new RegExp(`^(?:${name}|${compact})[ \\t]*:[ \\t]*(.*)$`, 'im').exec(response)?.[1]?.trim();
  const status = Number(response.slice(8, 11));
  const from = header('From', 'f');
  const to = header('To', 't');
  const callId = header('Call-ID', 'i');
  const via = header('Via', 'v');
  const cseq = Number(header('CSeq', '')?.split(/\s+/)[0]);
  if (!from || !to || !callId || !via || !Number.isInteger(cseq)) return {};
  const build = (method: string, startUri: string, branchVia: string, n: number, toValue: string) =>
    serialize({
      startLine: `${method} ${startUri} SIP/2.0`,
      headers: [
        ['Via', branchVia],
        ['Max-Forwards', '70'],
        ['From', from],
        ['To', toValue],
        ['Call-ID', callId],
        ['CSeq', `${n} ${method}`],
      ],
      body: '',
      eol: '\r\n',
      contentLength: undefined,
    });
  const freshVia = `${viaValue(target)};branch=z9hG4bK-${Math.random().toString(36).slice(2)};rport`;
  // The 2xx's Contact is where in-dialog requests go; we send them back on our own flow anyway.
  const remote = /<([^>]+)>/.exec(header('Contact', 'm') ?? '')?.[1] ?? inviteUri;
  if (status >= 200 && status < 300)
    return {
      ack: build('ACK', remote, freshVia, cseq, to),
      bye: build('BYE', remote, freshVia.replace('branch=z9hG4bK-', 'branch=z9hG4bK-b'), cseq + 1, to),
    };
  if (status > 100 && status < 200)
    return { cancel: build('CANCEL', inviteUri, via, cseq, to.replace(/;tag=[^;]*/i, '')) };
  return {};
}

// ── valid messages ──

function viaValue(target: SipTarget): string {
  // A WebSocket client cannot be reached at an address (RFC 7118 §5.2): an .invalid host.
  if (target.transport === 'WS') return 'SIP/2.0/WS fuzz.invalid';
  return `SIP/2.0/${target.transport} ${LOOPBACK}:${target.localPort}`;
}

function contactValue(target: SipTarget, user = 'fuzz'): string {
  const param = target.transport === 'UDP' ? '' : `;transport=${target.transport.toLowerCase()}`;
  const host = target.transport === 'WS' ? 'fuzz.invalid' : `${LOOPBACK}:${target.localPort}`;
  return `<sip:${user}@${host}${param}>`;
}

function requestUri(rng: FuzzRandom, target: SipTarget): string {
  const host = `${LOOPBACK}:${target.serverPort}`;
  return rng.pick([
    `sip:4008003000@${host}`, // a line without IVR: queued, rings agents
    `sip:4008001000@${host}`, // a line with an IVR flow: answered at once
    `sip:4008002000@${host}`,
    `sip:+864008003000@${host};user=phone`,
    `sip:1001@${host}`,
    `sip:kefu@${host}`,
    `sip:${host}`,
    `sip:99999@${host}`,
    `sip:1001@${host};transport=${target.transport.toLowerCase()}`,
    `tel:+864008003000`,
  ]);
}

function sdp(rng: FuzzRandom, id: string): string {
  const port = rng.int(20000, 29999) * 2;
  const lines = [
    'v=0',
    `o=fuzz ${rng.int(1, 1e9)} ${rng.int(1, 9)} IN IP4 ${LOOPBACK}`,
    's=-',
    `c=IN IP4 ${LOOPBACK}`,
    't=0 0',
    `m=audio ${port} RTP/AVP 0 8 101`,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-15',
    'a=ptime:20',
    rng.pick(['a=sendrecv', 'a=sendonly', 'a=recvonly', 'a=inactive']),
  ];
  if (rng.chance(0.1)) lines.push(`a=x-fuzz:${id}`);
  return `${lines.join('\r\n')}\r\n`;
}

function request(
  rng: FuzzRandom,
  target: SipTarget,
  id: string,
  callId: string,
): { kind: string; draft: Draft; inviteUri?: string } {
  const method = rng.pick(REQUEST_METHODS);
  let uri = requestUri(rng, target);
  const cseq = rng.int(1, 5000);
  let fromUri = `sip:fuzz${rng.int(0, 99)}@${LOOPBACK}`;
  let toValue = `<${uri.split(';')[0]}>`;
  if (method === 'REGISTER') {
    const ext = `10${rng.int(0, 2)}${rng.int(0, 9)}`;
    uri = `sip:${LOOPBACK}:${target.serverPort}`;
    fromUri = `sip:${ext}@${LOOPBACK}`;
    toValue = `<${fromUri}>`;
  }
  // In-dialog methods mostly carry a To tag (of a dialog the server never had: 481).
  if (['BYE', 'ACK', 'INFO', 'UPDATE', 'REFER', 'NOTIFY', 'PRACK'].includes(method) && rng.chance(0.8))
    toValue += `;tag=${rng.token(8)}`;
  const headers: Array<[string, string]> = [
    ['Via', `${viaValue(target)};branch=z9hG4bK-${id};rport`],
    ['Max-Forwards', '70'],
    ['From', `"Fuzz ${id}" <${fromUri}>;tag=${rng.token(8)}`],
    ['To', toValue],
    ['Call-ID', callId],
    ['CSeq', `${cseq} ${method}`],
    ['Contact', contactValue(target)],
    ['User-Agent', 'kefu-fuzz'],
  ];
  let body = '';
  switch (method) {
    case 'INVITE':
    case 'UPDATE':
      headers.push(['Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, REFER']);
      if (rng.chance(0.3)) headers.push(['Supported', 'timer, replaces']);
      if (rng.chance(0.2)) headers.push(['Session-Expires', `${rng.int(90, 3600)};refresher=uac`]);
      if (rng.chance(0.3)) headers.push(['P-Asserted-Identity', `<sip:+8613800138000@${LOOPBACK}>`]);
      if (rng.chance(0.2)) headers.push(['Diversion', `<sip:4008003000@${LOOPBACK}>;reason=unconditional`]);
      // A late offer now and then (RFC 3261 §13.2.1).
      if (rng.chance(0.85)) {
        body = sdp(rng, id);
        headers.push(['Content-Type', 'application/sdp']);
      }
      break;
    case 'REGISTER':
      headers.push(['Expires', String(rng.pick([0, 60, 3600, 120]))]);
      if (rng.chance(0.4))
        headers.push([
          'Authorization',
          `Digest username="${fromUri.slice(4, 8)}", realm="kefu", nonce="${rng.token(16)}", uri="${uri}", response="${rng.token(32)}", algorithm=MD5`,
        ]);
      break;
    case 'SUBSCRIBE':
      headers.push(['Event', rng.pick(['presence', 'dialog', 'message-summary', 'refer'])]);
      headers.push(['Expires', String(rng.int(0, 3600))]);
      headers.push(['Accept', 'application/pidf+xml']);
      break;
    case 'NOTIFY':
      headers.push(['Event', 'refer'], ['Subscription-State', 'active;expires=60']);
      body = 'SIP/2.0 200 OK\r\n';
      headers.push(['Content-Type', 'message/sipfrag;version=2.0']);
      break;
    case 'MESSAGE':
      body = rng.pick(['hello', '你好，客服', 'x'.repeat(rng.int(1, 1000))]);
      headers.push(['Content-Type', 'text/plain;charset=utf-8']);
      break;
    case 'INFO':
      body = `Signal=${rng.pick(['1', '5', '#', '*'])}\r\nDuration=160\r\n`;
      headers.push(['Content-Type', 'application/dtmf-relay']);
      break;
    case 'REFER':
      headers.push(['Refer-To', `<sip:1002@${LOOPBACK}>`], ['Referred-By', `<${fromUri}>`]);
      break;
    case 'PRACK':
      headers.push(['RAck', `1 ${cseq} INVITE`]);
      break;
    case 'PUBLISH':
      headers.push(['Event', 'presence']);
      break;
  }
  return {
    kind: method,
    draft: { startLine: `${method} ${uri} SIP/2.0`, headers, body, eol: '\r\n', contentLength: undefined },
    ...(method === 'INVITE' && { inviteUri: uri }),
  };
}

function response(
  rng: FuzzRandom,
  target: SipTarget,
  id: string,
  callId: string,
): { kind: string; draft: Draft } {
  const [status, reason] = rng.pick([
    [100, 'Trying'],
    [180, 'Ringing'],
    [183, 'Session Progress'],
    [200, 'OK'],
    [302, 'Moved Temporarily'],
    [401, 'Unauthorized'],
    [486, 'Busy Here'],
    [487, 'Request Terminated'],
    [503, 'Service Unavailable'],
    [603, 'Decline'],
  ] as const);
  const method = rng.pick(['INVITE', 'BYE', 'OPTIONS', 'REGISTER', 'CANCEL']);
  const headers: Array<[string, string]> = [
    // A Via as if the server had sent the request: a stray response (RFC 3261 §18.1.2).
    ['Via', `SIP/2.0/${target.transport} ${LOOPBACK}:${target.serverPort};branch=z9hG4bK-${id}`],
    ['From', `<sip:kefu@${LOOPBACK}>;tag=${rng.token(8)}`],
    ['To', `<sip:1001@${LOOPBACK}>;tag=${rng.token(8)}`],
    ['Call-ID', callId],
    ['CSeq', `${rng.int(1, 100)} ${method}`],
    ['Contact', contactValue(target, '1001')],
  ];
  let body = '';
  if (status === 401) headers.push(['WWW-Authenticate', `Digest realm="fuzz", nonce="${rng.token(12)}"`]);
  if (status === 302) headers.push(['Contact', `<sip:1002@${LOOPBACK}>`]);
  if (status === 503) headers.push(['Retry-After', String(rng.int(0, 3600))]);
  if (method === 'INVITE' && (status === 200 || status === 183)) {
    body = sdp(rng, id);
    headers.push(['Content-Type', 'application/sdp']);
  }
  return {
    kind: `${status} to ${method}`,
    draft: { startLine: `SIP/2.0 ${status} ${reason}`, headers, body, eol: '\r\n', contentLength: undefined },
  };
}

function serialize(draft: Draft): Buffer {
  const headers = [...draft.headers];
  if (draft.contentLength !== null) {
    const length = draft.contentLength ?? String(Buffer.byteLength(draft.body));
    headers.push(['Content-Length', length]);
  }
  const head = [draft.startLine, ...headers.map(([name, value]) => `${name}: ${value}`)].join(draft.eol);
  return Buffer.concat([Buffer.from(`${head}${draft.eol}${draft.eol}`), Buffer.from(draft.body)]);
}

// ── mutations ──

interface Mutation {
  name: string;
  /** Changes the structured message (skipped once the bytes were mutated). */
  draft?: (rng: FuzzRandom, draft: Draft, target: SipTarget) => void;
  /** Changes the serialised bytes. */
  bytes?: (rng: FuzzRandom, data: Buffer) => Buffer;
}

const MANDATORY = ['Via', 'From', 'To', 'Call-ID', 'CSeq', 'Max-Forwards'];

function setHeader(draft: Draft, name: string, value: string): void {
  const index = draft.headers.findIndex(([n]) => n.toLowerCase() === name.toLowerCase());
  if (index === -1) draft.headers.push([name, value]);
  else draft.headers[index] = [name, value];
}

function huge(rng: FuzzRandom): string {
  const size = rng.pick([300, 1000, 4000, 8200, 20_000, 70_000]);
  return rng.pick(['A', '9', '%', ';', ',', '"', '<', '中']).repeat(size);
}

/** Strings that are not what a grammar rule expects. */
const ODD_VALUES = [
  '',
  ' ',
  ';',
  ',,,',
  '<',
  '>',
  '"',
  '\\',
  '<<>>',
  '%00',
  '%zz',
  '-1',
  '0',
  '4294967296',
  '99999999999999999999',
  'NaN',
  '1e400',
  '中文',
  '😀',
  '\u202e',
  'a=b;c=d;;',
];

const BAD_URIS = [
  '',
  'sip:',
  'sip:@',
  'sip:a@',
  'sips:',
  'tel:',
  'sip:a@b@c',
  'sip:a@[::1',
  'sip:a@[::1]:99999',
  `sip:a@${LOOPBACK}:99999`,
  `sip:a@${LOOPBACK}:-1`,
  `sip:a@${LOOPBACK}:port`,
  `sip:a@${LOOPBACK};;;=`,
  `sip:a@${LOOPBACK};transport=`,
  `sip:a@${LOOPBACK}?`,
  `sip:a@${LOOPBACK}?Route=%3Csip:x%3E&&`,
  `sip:%zz@${LOOPBACK}`,
  `sip:%@${LOOPBACK}`,
  `sip:a:b:c@${LOOPBACK}`,
  `<sip:a@${LOOPBACK}>`,
  'http://127.0.0.1/',
  'mailto:a@b',
  `sip:中文@${LOOPBACK}`,
  `sip:a@xn--${'a'.repeat(300)}`,
  `sip:${'1'.repeat(5000)}@${LOOPBACK}`,
  '*',
];

const BAD_VIAS = [
  'SIP/2.0/UDP',
  'SIP/2.0/UDP ',
  'SIP/2.0/UDP ;branch=z9hG4bK-x',
  'SIP/3.0/UDP 127.0.0.1',
  'SIP/2.0/XYZ 127.0.0.1:5060;branch=z9hG4bK-x',
  'SIP/2.0/UDP 127.0.0.1:abc;branch=z9hG4bK-x',
  'SIP/2.0/UDP 127.0.0.1:-1;branch=z9hG4bK-x',
  'SIP/2.0/UDP 127.0.0.1:99999;branch=z9hG4bK-x',
  'SIP/2.0/UDP [::1;branch=z9hG4bK-x',
  'SIP/2.0/UDP [::1]:5060;branch=z9hG4bK-x;rport',
  'SIP/2.0/UDP 127.0.0.1;rport=abc;branch=z9hG4bK-x',
  'SIP/2.0/UDP 127.0.0.1;rport=99999;branch=z9hG4bK-x',
  'SIP/2.0/UDP 127.0.0.1;received=999.1.1.1;branch=z9hG4bK-x',
  'SIP/2.0/UDP 127.0.0.1;maddr=127.0.0.1;ttl=999;branch=z9hG4bK-x',
  'SIP/2.0/UDP 127.0.0.1;maddr=;branch=z9hG4bK-x',
  'SIP/2.0/UDP 127.0.0.1',
  'SIP/2.0/UDP 127.0.0.1;branch=',
  'SIP/2.0/UDP 127.0.0.1;branch=nonmagic',
  'SIP/2.0/UDP 127.0.0.1;branch="quoted"',
  'SIP/2.0/UDP 127.0.0.1;;;',
  'SIP/2.0/UDP fuzz.invalid;branch=z9hG4bK-x',
  'SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bK-x',
  'SIP / 2.0 / UDP 127.0.0.1 ; branch = z9hG4bK-x',
  'garbage',
  'SIP/2.0',
];

const BAD_CSEQS = [
  'abc INVITE',
  '-1 INVITE',
  '4294967296 INVITE',
  '99999999999999999999 INVITE',
  '1',
  '1 ',
  ' INVITE',
  '1 invite',
  '1  INVITE extra',
  '1.5 INVITE',
  '0x10 INVITE',
  '1 中文',
  '',
];

const BAD_NAME_ADDRS = [
  '<sip:>',
  `<sip:a@${LOOPBACK}`,
  `sip:a@${LOOPBACK}>;tag=1`,
  `"unterminated <sip:a@${LOOPBACK}>;tag=1`,
  `<sip:a@${LOOPBACK}>;tag=`,
  `<sip:a@${LOOPBACK}>;tag=1;tag=2`,
  `<sip:a@${LOOPBACK}>;;`,
  `"\\" <sip:a@${LOOPBACK}>;tag=1`,
  '*',
  '<>',
  '<<sip:a@b>>',
  `"中文" <sip:中文@${LOOPBACK}>;tag=😀`,
];

const BAD_AUTH = [
  'Digest',
  'Digest ,,,',
  'Basic YWxhZGRpbjpvcGVuc2VzYW1l',
  'Digest username="1001", realm="kefu", nonce="x", uri="sip:x", response="0"',
  'Digest username="1001, realm=kefu',
  'Digest username="1001", realm="kefu", nonce="x", uri="sip:x", response="00", algorithm=XYZ',
  'Digest username="1001", realm="kefu", nonce="x", uri="sip:x", response="00", qop=auth',
  'Digest username="1001", realm="kefu", nonce="x", uri="sip:x", response="00", qop=auth, nc=zz, cnonce=""',
  'Digest username="1001", realm="kefu", nonce="x", uri="sip:x", response="00", algorithm=SHA-256',
  'Digest username=, realm=, nonce=, uri=, response=',
  'Digest username="\\"", realm="kefu"',
];

const SDP_MUTATIONS: Array<(rng: FuzzRandom, sdp: string) => string> = [
  (_rng, s) => s.replace(/^m=.*$/m, ''),
  (_rng, s) => s.replace(/^c=.*$/m, ''),
  (rng, s) =>
    s.replace(
      /^c=.*$/m,
      rng.pick([
        'c=IN IP4 999.999.999.999',
        'c=IN IP4',
        'c=IN IP6 ::1',
        'c=garbage',
        'c=IN IP4 0.0.0.0',
        'c=IN IP4 127.0.0.1/127',
      ]),
    ),
  (rng, s) =>
    s.replace(
      /^m=audio \d+/m,
      rng.pick(['m=audio abc', 'm=audio 99999', 'm=audio -1', 'm=audio 0', 'm=audio', 'm=audio 40000/2']),
    ),
  (rng, s) => s.replace(/RTP\/AVP/, rng.pick(['RTP/SAVP', 'UDP/TLS/RTP/SAVPF', 'TCP/RTP/AVP', 'XYZ', ''])),
  (_rng, s) => s.replace(/ 0 8 101/, ' 18 9'),
  (_rng, s) => s.replace(/ 0 8 101/, ' 999 abc'),
  (_rng, s) => s.replace(/a=rtpmap:0 PCMU\/8000/, 'a=rtpmap:0 PCMU/abc/x/y'),
  (_rng, s) => s.replace(/^v=0/m, 'v=1'),
  (rng, s) => `${s}${'m=audio 40002 RTP/AVP 0\r\n'.repeat(rng.int(2, 300))}`,
  (rng, s) => `${s}m=video ${rng.int(1, 65535)} RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n`,
  (_rng, s) =>
    `${s}a=ice-ufrag:x\r\na=ice-pwd:y\r\na=fingerprint:sha-256 ZZ\r\na=setup:actpass\r\na=candidate:1 1 udp 1 127.0.0.1 9 typ host\r\n`,
  (_rng, s) => `${s}a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:!!!!\r\n`,
  (_rng, s) => s.replace(/\r\n/g, '\n'),
  (rng, s) => s.slice(0, rng.int(0, s.length)),
  (rng, s) => `${s}a=${huge(rng)}\r\n`,
  (_rng, s) => s.replace(/^o=.*$/m, 'o='),
  (_rng, s) => `${s}${s}`,
  () => 'not sdp at all',
  () => '',
];

const MUTATIONS: Mutation[] = [
  {
    name: 'delete-header',
    draft: (rng, d) => {
      const victim = rng.chance(0.6) ? rng.pick(MANDATORY) : rng.pick(d.headers)?.[0];
      d.headers = d.headers.filter(([n]) => n !== victim);
    },
  },
  {
    name: 'duplicate-header',
    draft: (rng, d) => {
      const header = rng.pick(d.headers);
      d.headers.splice(rng.int(0, d.headers.length), 0, [
        header[0],
        rng.chance(0.5) ? header[1] : rng.pick(ODD_VALUES),
      ]);
    },
  },
  {
    name: 'huge-value',
    draft: (rng, d) => {
      const index = rng.int(0, d.headers.length - 1);
      const [name, value] = d.headers[index] as [string, string];
      d.headers[index] = [name, rng.chance(0.5) ? `${value}${huge(rng)}` : huge(rng)];
    },
  },
  {
    name: 'odd-value',
    draft: (rng, d) => {
      const index = rng.int(0, d.headers.length - 1);
      const [name] = d.headers[index] as [string, string];
      d.headers[index] = [name, rng.pick(ODD_VALUES)];
    },
  },
  {
    name: 'content-length',
    draft: (rng, d) => {
      const real = Buffer.byteLength(d.body);
      d.contentLength = rng.pick<string | null>([
        null,
        String(Math.max(0, real - rng.int(1, 50))),
        String(real + rng.int(1, 5000)),
        '-1',
        `-${real}`,
        'ten',
        '',
        ` ${real} `,
        '0x10',
        '1e3',
        '4294967296',
        '99999999999',
        `${real}, ${real}`,
        '0',
      ]);
      if (rng.chance(0.2)) d.headers.push(['Content-Length', String(real)]);
    },
  },
  {
    name: 'fold',
    draft: (rng, d) => {
      const index = rng.int(0, d.headers.length - 1);
      const [name, value] = d.headers[index] as [string, string];
      const cut = rng.int(0, value.length);
      const fold = rng.pick(['\r\n ', '\r\n\t', '\n ', '\r\n   \r\n ']);
      d.headers[index] = [name, `${value.slice(0, cut)}${fold}${value.slice(cut)}`];
    },
  },
  {
    name: 'line-endings',
    draft: (rng, d) => {
      d.eol = rng.pick(['\n', '\r', '\n\r', '\r\r\n']);
    },
  },
  {
    name: 'mixed-line-endings',
    bytes: (rng, data) => {
      const text = data.toString('latin1');
      return Buffer.from(
        text.replace(/\r\n/g, () => rng.pick(['\r\n', '\n', '\r\n'])),
        'latin1',
      );
    },
  },
  {
    name: 'bad-request-uri',
    draft: (rng, d) => {
      if (d.startLine.startsWith('SIP/')) return;
      const [method] = d.startLine.split(' ');
      d.startLine = `${method} ${rng.pick(BAD_URIS)} SIP/2.0`;
    },
  },
  {
    name: 'bad-start-line',
    draft: (rng, d) => {
      const [a, b] = d.startLine.split(' ');
      d.startLine = rng.pick([
        `${a}  ${b}  SIP/2.0`,
        `${a} ${b} sip/2.0`,
        `${a} ${b} SIP/2.1`,
        `${a} ${b}`,
        `${a}`,
        `${(a ?? '').toLowerCase()} ${b} SIP/2.0`,
        `IN VITE ${b} SIP/2.0`,
        `中文 ${b} SIP/2.0`,
        `${huge(rng)} ${b} SIP/2.0`,
        'SIP/2.0 99 Odd',
        'SIP/2.0 700 Odd',
        'SIP/2.0 abc Odd',
        'SIP/2.0 200',
        'SIP/2.0  200 OK',
        `FOO ${b} SIP/2.0`,
        `${a}\t${b}\tSIP/2.0`,
        '',
      ]);
    },
  },
  {
    name: 'bad-via',
    draft: (rng, d) => setHeader(d, 'Via', rng.pick(BAD_VIAS)),
  },
  {
    name: 'many-vias',
    draft: (rng, d) => {
      const via = d.headers.find(([n]) => n === 'Via')?.[1] ?? BAD_VIAS[0];
      const count = rng.int(2, 120);
      for (let i = 0; i < count; i++)
        d.headers.splice(1, 0, ['Via', `SIP/2.0/UDP 127.0.0.${(i % 250) + 2};branch=z9hG4bK-h${i}`]);
      if (rng.chance(0.5)) setHeader(d, 'Via', Array.from({ length: count }, () => via).join(', '));
    },
  },
  {
    name: 'bad-cseq',
    draft: (rng, d) => setHeader(d, 'CSeq', rng.pick(BAD_CSEQS)),
  },
  {
    name: 'bad-max-forwards',
    draft: (rng, d) =>
      setHeader(d, 'Max-Forwards', rng.pick(['0', '1', '-1', '256', '1000', 'abc', '', '70 70', '07'])),
  },
  {
    name: 'bad-from-to',
    draft: (rng, d) => setHeader(d, rng.pick(['From', 'To']), rng.pick(BAD_NAME_ADDRS)),
  },
  {
    name: 'bad-contact',
    draft: (rng, d) =>
      setHeader(
        d,
        'Contact',
        rng.pick([
          '*',
          '<>',
          '<sip:a@127.0.0.1>;expires=abc',
          '<sip:a@127.0.0.1>;expires=-1',
          '<sip:a@127.0.0.1;transport=xyz>',
          'garbage',
          '<sip:a@127.0.0.1>, *',
          '<sip:a@127.0.0.1>;q=9.9',
          '',
        ]),
      ),
  },
  {
    name: 'bad-call-id',
    draft: (rng, d) =>
      setHeader(d, 'Call-ID', rng.pick(['', ' ', 'a b c', '中文@😀', huge(rng), '<>', '@', '%00'])),
  },
  {
    name: 'bad-expires',
    draft: (rng, d) =>
      setHeader(d, 'Expires', rng.pick(['-1', 'abc', '4294967296', '99999999999999', '', '1.5', '0'])),
  },
  {
    name: 'bad-authorization',
    draft: (rng, d) => setHeader(d, rng.pick(['Authorization', 'Proxy-Authorization']), rng.pick(BAD_AUTH)),
  },
  {
    name: 'bad-session-timer',
    draft: (rng, d) => {
      setHeader(
        d,
        'Session-Expires',
        rng.pick(['0', '1', '-5', 'abc', '90;refresher=xyz', '4294967296', '']),
      );
      if (rng.chance(0.5)) setHeader(d, 'Min-SE', rng.pick(['0', 'abc', '99999999999']));
    },
  },
  {
    name: 'bad-event-headers',
    draft: (rng, d) => {
      setHeader(d, 'Event', rng.pick(['', ';', 'presence;id=', 'refer;id=abc', '中文']));
      setHeader(
        d,
        'Refer-To',
        rng.pick(['', '<>', '<sip:>', 'garbage', '<sip:1002@127.0.0.1?Replaces=abc%3Bto-tag%3D>', '<tel:>']),
      );
    },
  },
  {
    name: 'bad-routes',
    draft: (rng, d) => {
      const value = rng.pick([
        '',
        '<>',
        'garbage',
        '<sip:127.0.0.1;lr>, <',
        '<sip:127.0.0.1:1;lr>',
        `<sip:${LOOPBACK};lr;;>`,
        '<sip:x@127.0.0.1;lr>, <tel:>',
      ]);
      setHeader(d, rng.pick(['Record-Route', 'Route', 'Path', 'Service-Route']), value);
    },
  },
  {
    name: 'bad-identity',
    draft: (rng, d) =>
      setHeader(
        d,
        rng.pick(['P-Asserted-Identity', 'Diversion', 'Remote-Party-ID', 'Referred-By', 'Replaces']),
        rng.pick(BAD_NAME_ADDRS.concat(['<tel:>', '<tel:+>', '<sip:+86@127.0.0.1>', '<tel:abc>'])),
      ),
  },
  {
    name: 'bad-rack',
    draft: (rng, d) => setHeader(d, 'RAck', rng.pick(['', 'abc', '1', '1 2', '1 2 XYZ', '-1 -1 INVITE'])),
  },
  {
    name: 'many-headers',
    draft: (rng, d) => {
      const count = rng.pick([50, 200, 255, 257, 400, 1000]);
      for (let i = 0; i < count; i++) d.headers.push([`X-Fuzz-${i}`, rng.token(rng.int(0, 20))]);
    },
  },
  {
    name: 'compact-forms',
    draft: (rng, d) => {
      d.headers = d.headers.map(([n, v]) => [
        COMPACT[n] !== undefined && rng.chance(0.7) ? (COMPACT[n] as string) : n,
        v,
      ]);
    },
  },
  {
    name: 'header-case',
    draft: (rng, d) => {
      d.headers = d.headers.map(([n, v]) => [rng.chance(0.5) ? n.toUpperCase() : n.toLowerCase(), v]);
    },
  },
  {
    name: 'bad-header-line',
    draft: (rng, d) => {
      const line = rng.pick([
        'NoColonHere',
        ': empty name',
        'Bad Name: x',
        '中文: x',
        'X-\u0000: y',
        'Via : SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK-s',
        ' leading-space: x',
        'X-Tab\t: y',
      ]);
      const [name, ...rest] = line.split(':');
      d.headers.splice(rng.int(0, d.headers.length), 0, [name ?? '', rest.join(':').trimStart()]);
    },
  },
  {
    name: 'bad-content-type',
    draft: (rng, d) => {
      setHeader(
        d,
        'Content-Type',
        rng.pick([
          '',
          'application',
          'application/sdp;charset=',
          'text/plain',
          'multipart/mixed;boundary=',
          'multipart/mixed;boundary=x',
          'application/json',
          '中文/x',
        ]),
      );
      if (rng.chance(0.4)) setHeader(d, 'Content-Encoding', rng.pick(['gzip', 'identity', 'x']));
      if (!d.body && rng.chance(0.5)) d.body = '--x\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--x';
    },
  },
  {
    name: 'bad-sdp',
    draft: (rng, d) => {
      const base = d.body.startsWith('v=')
        ? d.body
        : `v=0\r\no=a 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n`;
      d.body = rng.pick(SDP_MUTATIONS)(rng, base);
      if (!d.headers.some(([n]) => n.toLowerCase() === 'content-type'))
        d.headers.push(['Content-Type', 'application/sdp']);
    },
  },
  {
    name: 'unicode-body',
    draft: (rng, d) => {
      d.body = rng.pick(['中文客服', '😀'.repeat(100), '\u0000\u0001\u0002', '\ud800', 'é'.repeat(3000)]);
    },
  },
  {
    name: 'truncate',
    bytes: (rng, data) => data.subarray(0, rng.int(0, data.length)),
  },
  {
    name: 'truncate-body',
    // The declared Content-Length stays, the body is cut short.
    bytes: (rng, data) => {
      const end = data.indexOf('\r\n\r\n');
      if (end === -1 || end + 4 >= data.length) return data;
      return data.subarray(0, rng.int(end + 4, data.length - 1));
    },
  },
  {
    name: 'nul-bytes',
    bytes: (rng, data) => splice(rng, data, Buffer.from(rng.pick([[0], [0, 0, 0], [0x7f], [0x1b, 0x5b]]))),
  },
  {
    name: 'invalid-utf8',
    bytes: (rng, data) =>
      splice(
        rng,
        data,
        Buffer.from(
          rng.pick([
            [0xff],
            [0xfe, 0xff],
            [0xc0, 0x80],
            [0xed, 0xa0, 0x80],
            [0xf8, 0x88, 0x80, 0x80, 0x80],
            [0xe4, 0xb8],
          ]),
        ),
      ),
  },
  {
    name: 'random-bytes',
    bytes: (rng, data) =>
      splice(rng, data, Buffer.from(rng.bytes(rng.int(1, 64)).map((b) => (isAddressByte(b) ? 0x7e : b)))),
  },
  {
    name: 'bit-flips',
    bytes: (rng, data) => {
      const out = Buffer.from(data);
      const flips = rng.int(1, 8);
      for (let i = 0; i < flips && out.length > 0; i++) {
        const at = rng.int(0, out.length - 1);
        const flipped = (out[at] as number) ^ (1 << rng.int(0, 7));
        // Never make or unmake an address digit: whatever the server answers must stay on loopback.
        if (!isAddressByte(out[at] as number) && !isAddressByte(flipped)) out[at] = flipped;
      }
      return out;
    },
  },
  {
    name: 'leading-crlf',
    bytes: (rng, data) => Buffer.concat([Buffer.from('\r\n'.repeat(rng.int(1, 4))), data]),
  },
  {
    name: 'trailing-garbage',
    bytes: (rng, data) =>
      Buffer.concat([data, Buffer.from(rng.pick(['\r\n', 'garbage', '\r\n\r\nINVITE', '\0'.repeat(20)]))]),
  },
];

function isAddressByte(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || b === 0x2e || b === 0x3a;
}

function splice(rng: FuzzRandom, data: Buffer, insert: Buffer): Buffer {
  const at = rng.int(0, data.length);
  return Buffer.concat([data.subarray(0, at), insert, data.subarray(at)]);
}
