import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { openUdpProbe, sipRequest, type UdpProbe } from './udp-probe.js';

/**
 * Garbage at the running server's UDP port. A request whose Via can be read is answered 400
 * (https://www.rfc-editor.org/rfc/rfc3261#section-16.3 / #section-8.2); anything else may be
 * dropped silently; nothing may stop the server from answering the next good request.
 */
describe('malformed datagrams at the SIP port', () => {
  let stack: CtiStack;
  let probe: UdpProbe;

  beforeAll(async () => {
    stack = await startCtiStack('sqlite');
    probe = await openUdpProbe(stack.sipPort);
  });
  afterAll(async () => {
    await probe?.close();
    await stack?.close();
  });

  const uri = () => `sip:4008003000@127.0.0.1:${stack.sipPort}`;
  const without = (message: string, header: string) =>
    message
      .split('\r\n')
      .filter((line) => !line.startsWith(`${header}:`))
      .join('\r\n');
  const replace = (message: string, header: string, value: string) =>
    message.replace(new RegExp(`^${header}: .*$`, 'm'), `${header}: ${value}`);

  /** Requests with a readable Via: each must get 400. */
  const answerable: Array<[string, () => string]> = [
    ['no From', () => without(sipRequest(probe, 'OPTIONS', uri(), 'm1'), 'From')],
    ['no To', () => without(sipRequest(probe, 'OPTIONS', uri(), 'm2'), 'To')],
    ['no Call-ID', () => without(sipRequest(probe, 'OPTIONS', uri(), 'm3'), 'Call-ID')],
    ['no CSeq', () => without(sipRequest(probe, 'OPTIONS', uri(), 'm4'), 'CSeq')],
    ['CSeq not a number', () => replace(sipRequest(probe, 'OPTIONS', uri(), 'm5'), 'CSeq', 'abc OPTIONS')],
    ['CSeq method differs', () => replace(sipRequest(probe, 'OPTIONS', uri(), 'm6'), 'CSeq', '1 INVITE')],
    [
      'Content-Length not a number',
      () => replace(sipRequest(probe, 'OPTIONS', uri(), 'm7'), 'Content-Length', 'ten'),
    ],
    [
      'Content-Length beyond the datagram',
      () => replace(sipRequest(probe, 'OPTIONS', uri(), 'm8'), 'Content-Length', '500'),
    ],
  ];

  it.each(answerable)('answers 400 to a request with %s', async (_name, build) => {
    await probe.send(build());
    expect(await probe.next(2000)).toMatch(/^SIP\/2\.0 400 /);
  });

  // Its Via is readable, so it gets an answer (RFC 3261 §8.2.2.1) rather than a silent drop.
  it('answers 400 to a request whose Request-URI has no scheme', async () => {
    await probe.send(sipRequest(probe, 'OPTIONS', uri(), 'm9').replace(uri(), 'no-scheme-here'));
    expect(await probe.next(1000)).toMatch(/^SIP\/2\.0 4\d\d /);
  });

  it('survives datagrams it cannot answer, then still answers OPTIONS with 200', async () => {
    const valid = sipRequest(probe, 'OPTIONS', uri(), 'x0');
    const bigHeader = `X-Padding: ${'a'.repeat(60_000)}`; // near the 64 KB UDP limit
    const garbage: Array<string | Buffer> = [
      'NOT A SIP MESSAGE\r\n\r\n',
      'INVITE\r\n\r\n',
      sipRequest(probe, 'OPTIONS', 'not a uri', 'x2'), // start line with too many parts
      'INVITE sip:a@b SIP/3.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-v3\r\n\r\n',
      'SIP/2.0 200\r\n\r\n',
      'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-stray\r\n\r\n', // stray response
      valid.slice(0, 40), // truncated mid-header
      valid.slice(0, valid.indexOf('\r\n\r\n')), // headers never terminated
      sipRequest(probe, 'OPTIONS', uri(), 'x1', [bigHeader]),
      randomBytes(1200),
      Buffer.from([0, 0, 0, 0]),
      '\r\n\r\n', // keep-alive (RFC 5626 §4.4.1), not an error
      Buffer.alloc(0),
    ];
    for (const datagram of garbage) await probe.send(datagram);
    // Drain whatever the server chose to answer (400 / 513 or nothing), only status lines allowed.
    for (let reply = await probe.next(500); reply !== null; reply = await probe.next(500)) {
      expect(reply).toMatch(/^SIP\/2\.0 [45]\d\d /);
    }

    await probe.send(valid);
    expect(await probe.next(2000)).toMatch(/^SIP\/2\.0 200 /);
  });
});
