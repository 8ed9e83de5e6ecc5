import { afterEach, describe, expect, it } from 'vitest';
import type { Dialog } from '../dialog/dialog.js';
import type { SipResponse } from '../message/sip-message.js';
import { TcpTransport } from '../transport/tcp-transport.js';
import type { Transport } from '../transport/transport.js';
import { UdpTransport } from '../transport/udp-transport.js';
import type { IncomingRequest } from './incoming-request.js';
import { UserAgentCore } from './user-agent-core.js';

const SDP =
  'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';
const cores: UserAgentCore[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.stop()));
});

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

async function pair(
  make: () => Transport,
): Promise<{ alice: UserAgentCore; bob: UserAgentCore; bobUri: string }> {
  const alice = new UserAgentCore({ transports: [make()] });
  const bobTransport = make();
  const bob = new UserAgentCore({ transports: [bobTransport] });
  cores.push(alice, bob);
  await Promise.all([alice.start(), bob.start()]);
  const param = bobTransport.protocol === 'UDP' ? '' : `;transport=${bobTransport.protocol.toLowerCase()}`;
  return { alice, bob, bobUri: `sip:bob@127.0.0.1:${bobTransport.local.port}${param}` };
}

const TRANSPORTS: Array<[string, () => Transport]> = [
  ['UDP', () => new UdpTransport({ host: '127.0.0.1', port: 0 })],
  ['TCP', () => new TcpTransport({ host: '127.0.0.1', port: 0 })],
];

describe.each(TRANSPORTS)('two user-agent cores over loopback %s', (_name, make) => {
  it('INVITE / 180 / 200 / ACK / BYE', async () => {
    const { alice, bob, bobUri } = await pair(make);
    const acked = deferred<string>();
    const byeSeen = deferred<Dialog>();
    bob.delegate = {
      onInvite: (invite: IncomingRequest) => {
        invite.respond(180);
        invite.respond(200, { body: SDP, contentType: 'application/sdp' });
      },
      onAck: (ack) => acked.resolve(ack.body),
      onBye: (_req, dialog) => byeSeen.resolve(dialog),
    };
    const progress: number[] = [];
    const accepted = deferred<[SipResponse, Dialog]>();
    const invite = alice.createRequest('INVITE', bobUri, {
      from: '<sip:alice@127.0.0.1>',
      body: SDP,
      contentType: 'application/sdp',
    });
    alice.send(invite, {
      onProgress: (r) => progress.push(r.status),
      onAccept: (r, d) => accepted.resolve([r, d as Dialog]),
    });
    const [ok, dialog] = await accepted.promise;
    expect(progress).toEqual([180]);
    expect(ok.body).toBe(SDP);
    expect(dialog.state).toBe('confirmed');
    alice.ack(dialog, ok, { body: SDP, contentType: 'application/sdp' });
    expect(await acked.promise).toBe(SDP);
    expect(bob.dialogs.size).toBe(1);
    const byeDone = deferred<number>();
    alice.bye(dialog, { onAccept: (r) => byeDone.resolve(r.status) });
    expect(await byeDone.promise).toBe(200);
    expect((await byeSeen.promise).state).toBe('terminated');
    expect(alice.dialogs.size).toBe(0);
    expect(bob.dialogs.size).toBe(0);
  });

  it('CANCEL before answer yields 487 for the INVITE', async () => {
    const { alice, bob, bobUri } = await pair(make);
    const cancelled = deferred<string>();
    bob.delegate = {
      onInvite: (invite) => invite.respond(180),
      onCancel: (invite) => cancelled.resolve(invite.request.callId),
    };
    const rejected = deferred<number>();
    const invite = alice.createRequest('INVITE', bobUri, { from: '<sip:alice@127.0.0.1>' });
    const outgoing = alice.send(invite, { onReject: (r) => rejected.resolve(r.status) });
    outgoing.cancel(); // deferred until the 180 arrives (§9.1)
    expect(await rejected.promise).toBe(487);
    expect(await cancelled.promise).toBe(invite.callId);
    expect(bob.dialogs.size).toBe(0);
    expect(alice.dialogs.size).toBe(0);
  });
});
