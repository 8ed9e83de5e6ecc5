// A multi-homed server answers each network on its own address: a server listening on two
// loopback addresses (127.0.0.1 and 127.0.0.2 both route to lo on Linux) stands in for two
// interfaces. Real separate hosts are in test/net/.
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMessage } from '../message/parser.js';
import { SipRequest, type SipResponse } from '../message/sip-message.js';
import { UdpTransport } from '../transport/udp-transport.js';
import { TcpTransport } from '../transport/tcp-transport.js';
import type { IncomingRequest } from './incoming-request.js';
import { UserAgentCore } from './user-agent-core.js';

const SDP =
  'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';
const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function server(host: string | string[]): Promise<{ core: UserAgentCore; port: number }> {
  const udp = new UdpTransport({ host, port: 0 });
  const core = new UserAgentCore({ transports: [udp] });
  closers.push(() => core.stop());
  await core.start();
  return { core, port: udp.local.port };
}

/** A bare UDP peer on `address`: sends raw requests, collects what comes back. */
async function peer(address = '127.0.0.1') {
  const socket = createSocket('udp4');
  const received: Array<{ message: SipRequest | SipResponse; from: string }> = [];
  socket.on('message', (data, rinfo) =>
    received.push({ message: parseMessage(data), from: `${rinfo.address}:${rinfo.port}` }),
  );
  await new Promise<void>((r) => socket.bind(0, address, () => r()));
  closers.push(() => new Promise<void>((r) => socket.close(() => r())));
  const port = socket.address().port;
  return {
    port,
    received,
    send(text: string, to: string, toPort: number) {
      socket.send(text.replace(/\n/g, '\r\n'), toPort, to);
    },
    async next(): Promise<{ message: SipRequest | SipResponse; from: string }> {
      for (let i = 0; i < 200 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      const first = received.shift();
      if (!first) throw new Error('nothing received');
      return first;
    },
  };
}

function invite(to: string, port: number, from: { host: string; port: number }, callId: string): string {
  return `INVITE sip:kefu@${to}:${port} SIP/2.0
Via: SIP/2.0/UDP ${from.host}:${from.port};branch=z9hG4bK${callId};rport
From: <sip:carrier@${from.host}>;tag=c1
To: <sip:kefu@${to}>
Call-ID: ${callId}
CSeq: 1 INVITE
Contact: <sip:carrier@${from.host}:${from.port}>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: ${Buffer.byteLength(SDP.replace(/\r\n/g, '\n').replace(/\n/g, '\r\n'))}

${SDP.replace(/\r\n/g, '\n')}`;
}

describe('a UDP server on several addresses', () => {
  it('answers each request from, and with a Contact on, the address it was sent to', async () => {
    const { core, port } = await server(['127.0.0.1', '127.0.0.2']);
    core.delegate = {
      onInvite: (i: IncomingRequest) => i.respond(200, { body: SDP, contentType: 'application/sdp' }),
    };
    const carrier = await peer();
    for (const address of ['127.0.0.2', '127.0.0.1']) {
      carrier.send(
        invite(address, port, { host: '127.0.0.1', port: carrier.port }, `c-${address}`),
        address,
        port,
      );
      let reply = await carrier.next();
      while (reply.message instanceof SipRequest || reply.message.status < 200) reply = await carrier.next();
      expect(reply.from).toBe(`${address}:${port}`);
      expect(reply.message.headers.get('Contact')).toBe(`<sip:kefu@${address}:${port}>`);
    }
  });

  it('a wildcard listens on every address of the host and never writes 0.0.0.0', async () => {
    const { core, port } = await server('0.0.0.0');
    core.delegate = {
      onInvite: (i: IncomingRequest) => i.respond(200, { body: SDP, contentType: 'application/sdp' }),
    };
    const carrier = await peer();
    carrier.send(
      invite('127.0.0.1', port, { host: '127.0.0.1', port: carrier.port }, 'wild'),
      '127.0.0.1',
      port,
    );
    let reply = await carrier.next();
    while (reply.message instanceof SipRequest || reply.message.status < 200) reply = await carrier.next();
    expect(reply.from).toBe(`127.0.0.1:${port}`);
    expect(reply.message.headers.get('Contact')).toBe(`<sip:kefu@127.0.0.1:${port}>`);

    // A request of ours: Via and Contact carry the route's source address towards the peer.
    const request = core.createRequest('INVITE', `sip:carrier@127.0.0.1:${carrier.port}`, {
      from: '<sip:kefu@example.invalid>',
      body: SDP,
      contentType: 'application/sdp',
    });
    core.send(request, {});
    let out = await carrier.next();
    while (!(out.message instanceof SipRequest)) out = await carrier.next();
    expect(out.message.topVia.host).toBe('127.0.0.1');
    expect(out.message.headers.get('Contact')).toBe(`<sip:kefu@127.0.0.1:${port}>`);
    expect(out.from).toBe(`127.0.0.1:${port}`);
  });

  it('in-dialog requests to a UDP peer behind NAT go to the address it called from', async () => {
    const { core, port } = await server('127.0.0.1');
    let dialogReady: (() => void) | undefined;
    const ready = new Promise<void>((r) => (dialogReady = r));
    core.delegate = {
      onInvite: (i: IncomingRequest) => {
        i.respond(200, { body: SDP, contentType: 'application/sdp' });
        dialogReady?.();
      },
    };
    const phone = await peer();
    // Via and Contact name a private address the server cannot reach: the phone is behind NAT.
    phone.send(invite('127.0.0.1', port, { host: '10.0.0.11', port: 5060 }, 'natted'), '127.0.0.1', port);
    await ready;
    let reply = await phone.next();
    while (reply.message instanceof SipRequest || reply.message.status < 200) reply = await phone.next();
    const dialog = [...core.dialogs.values()][0];
    if (!dialog) throw new Error('no dialog');
    core.bye(dialog);
    let bye = await phone.next();
    while (!(bye.message instanceof SipRequest)) bye = await phone.next();
    expect(bye.message.method).toBe('BYE');
    expect(bye.message.uri.kind === 'sip' && bye.message.uri.host).toBe('10.0.0.11');
  });
});

describe('a TCP server on every address', () => {
  it('writes the address the connection came in on into Via and Contact', async () => {
    const tcp = new TcpTransport({ port: 0 });
    const core = new UserAgentCore({ transports: [tcp] });
    closers.push(() => core.stop());
    await core.start();
    expect(tcp.localFor({ protocol: 'TCP', address: '127.0.0.1', port: 5060 }).address).toBe('127.0.0.1');
    expect(tcp.localFor({ protocol: 'TCP', address: '::1', port: 5060 }).address).toBe('::1');
  });
});
