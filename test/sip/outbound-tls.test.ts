import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startCarrierMedia, type CarrierMedia } from '../e2e/carrier-media.js';
import { eventually, startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { freeUdpPort } from '../support/free-port.js';
import { runSipp } from '../support/sipp.js';
import { selfSignedCertificate } from '../support/tls.js';

/** The caller's tone (±6000), well above A-law silence. */
const LOUD = 1000;

/**
 * A carrier reached over SIP/TLS (RFC 3261 §26.2): a TLS server in this test that answers the
 * INVITE kefu sends out of a `tls` trunk, and later hangs up. A test peer of our own because
 * Debian's SIPp is built without TLS; it speaks only the few messages this call needs (INVITE →
 * 200 with SDP, ACK, then its BYE). Its media is a UDP socket that sends a tone back.
 */
async function tlsCarrier(mediaPort: number): Promise<{
  port: number;
  /** Its certificate (PEM file): self-signed, so its own CA. */
  certFile: string;
  invites: string[];
  hangUp(): Promise<string>;
  close(): void;
}> {
  const { key, cert } = selfSignedCertificate();
  const invites: string[] = [];
  let dialog: { socket: TLSSocket; invite: string } | undefined;
  let byeResponse: ((text: string) => void) | undefined;
  const header = (msg: string, name: string) =>
    msg.split('\r\n').filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  const server: Server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (socket) => {
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(buffer.slice(0, end))?.[1] ?? 0);
        if (buffer.length < end + 4 + length) return;
        const message = buffer.slice(0, end + 4 + length);
        buffer = buffer.slice(end + 4 + length);
        if (message.startsWith('INVITE ')) {
          invites.push(message);
          dialog = { socket, invite: message };
          const sdp = [
            'v=0',
            'o=tls-carrier 1 1 IN IP4 127.0.0.1',
            's=-',
            'c=IN IP4 127.0.0.1',
            't=0 0',
            `m=audio ${mediaPort} RTP/AVP 8`,
            'a=rtpmap:8 PCMA/8000',
            'a=sendrecv',
            '',
          ].join('\r\n');
          socket.write(
            [
              'SIP/2.0 200 OK',
              ...header(message, 'Via'),
              ...header(message, 'From'),
              `${header(message, 'To')[0]};tag=tls-carrier`,
              ...header(message, 'Call-ID'),
              ...header(message, 'CSeq'),
              `Contact: <sip:carrier@127.0.0.1:${port};transport=tls>`,
              'Content-Type: application/sdp',
              `Content-Length: ${Buffer.byteLength(sdp)}`,
              '',
              sdp,
            ].join('\r\n'),
          );
        } else if (message.startsWith('SIP/2.0 ') && / BYE\r\n/.test(header(message, 'CSeq')[0] + '\r\n')) {
          byeResponse?.(message);
        } else if (message.startsWith('BYE ')) {
          // kefu hung up first: answer it.
          socket.write(
            [
              'SIP/2.0 200 OK',
              ...header(message, 'Via'),
              ...header(message, 'From'),
              ...header(message, 'To'),
              ...header(message, 'Call-ID'),
              ...header(message, 'CSeq'),
              'Content-Length: 0',
              '',
              '',
            ].join('\r\n'),
          );
        }
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    certFile: cert,
    invites,
    hangUp() {
      if (!dialog) throw new Error('no call to hang up');
      const { socket, invite } = dialog;
      const contact = /<([^>]+)>/.exec(header(invite, 'Contact')[0] ?? '')?.[1];
      const from = header(invite, 'From')[0]!.replace(/^from:/i, 'To:');
      const to = `${header(invite, 'To')[0]!.replace(/^to:/i, 'From:')};tag=tls-carrier`;
      const reply = new Promise<string>((resolve) => (byeResponse = resolve));
      socket.write(
        [
          `BYE ${contact} SIP/2.0`,
          `Via: SIP/2.0/TLS 127.0.0.1:${port};branch=z9hG4bK-tls-carrier-bye`,
          'Max-Forwards: 70',
          to,
          from,
          ...header(invite, 'Call-ID'),
          'CSeq: 1 BYE',
          'Content-Length: 0',
          '',
          '',
        ].join('\r\n'),
      );
      return reply;
    },
    close: () => server.close(),
  };
}

/** A flow on 4008002000 that sends every caller out of the trunk named `tls-carrier`. */
function transferFlowDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-flows-'));
  writeFileSync(
    path.join(dir, 'tls-out.json'),
    JSON.stringify({
      id: 'tls-out',
      name: 'Out over TLS',
      defaultLanguage: 'zh-CN',
      calendar: { timeZone: 'Asia/Shanghai', weekly: {}, holidays: [] },
      start: 'out',
      steps: { out: { type: 'transfer', number: '139-1234-5009', trunk: 'tls-carrier' } },
    }),
  );
  return dir;
}

describe('outbound trunk over TLS', () => {
  const open: { stack?: CtiStack; close?: () => void; media: CarrierMedia[] } = { media: [] };
  afterEach(async () => {
    for (const m of open.media) m.close();
    open.media = [];
    open.close?.();
    await open.stack?.close();
    delete open.stack;
  });
  afterAll(() => open.close?.());

  async function stackWithTlsTrunk(carrierPort: number, trustCarrier: string | null): Promise<CtiStack> {
    const own = selfSignedCertificate();
    const stack = await startCtiStack(
      'sqlite',
      {
        IVR_FLOWS_DIR: transferFlowDir(),
        SIP_TLS_KEY: own.key,
        SIP_TLS_CERT: own.cert,
        SIP_TLS_PORT: String(await freeUdpPort()),
        ...(trustCarrier && { SIP_TLS_CA: trustCarrier }),
      },
      async (db) => {
        await db.line.update({ where: { dnis: '4008002000' }, data: { ivrFlow: 'tls-out' } });
        await db.trunk.create({
          data: {
            name: 'tls-carrier',
            direction: 'outbound',
            host: '127.0.0.1',
            port: carrierPort,
            transport: 'tls',
            callerId: '4008002000',
          },
        });
      },
    );
    open.stack = stack;
    return stack;
  }

  const call = async (stack: CtiStack, callerMedia: CarrierMedia) =>
    runSipp({
      scenarioFile: path.join(import.meta.dirname, '..', 'e2e', 'sipp', 'carrier-call-held.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008002000',
      vars: { ani: '13800138000', mport: String(callerMedia.port) },
      timeoutSeconds: 40,
    });

  it('sends the IVR transfer out over TLS to a carrier whose CA it is given, bridges the audio, and ends on its BYE', async () => {
    const callerMedia = await startCarrierMedia();
    const outsideMedia = await startCarrierMedia();
    open.media.push(callerMedia, outsideMedia);
    // The carrier's certificate is self-signed: kefu trusts it only as SIP_TLS_CA.
    const carrier = await tlsCarrier(outsideMedia.port);
    open.close = carrier.close;
    const stack = await stackWithTlsTrunk(carrier.port, carrier.certFile);
    const caller = await call(stack, callerMedia);

    const invite = await eventually(async () => carrier.invites[0]);
    expect(invite.split('\r\n')[0]).toBe(
      `INVITE sip:13912345009@127.0.0.1:${carrier.port};transport=tls SIP/2.0`,
    );
    expect(invite).toMatch(/^Via: SIP\/2\.0\/TLS /m);
    expect(invite).toMatch(/^P-Asserted-Identity: .*4008002000/im);
    // The caller's tone reaches the carrier over the bridge.
    await eventually(async () => {
      const from = Date.now();
      await new Promise((r) => setTimeout(r, 500));
      return outsideMedia.window(from).peak > LOUD;
    }, 15_000);

    expect(await carrier.hangUp()).toMatch(/^SIP\/2\.0 200 /);
    const c = await caller.done;
    expect(c.code, c.output).toBe(0);
    const row = await eventually(() =>
      stack.tdb.db.interaction.findFirst({
        // (Only this run's call has a received event, not the seeded history.)
        where: { dnis: '4008002000', endedAt: { not: null }, events: { some: { type: 'received' } } },
        include: { events: true },
      }),
    );
    expect(row.events.find((e) => e.type === 'transferred')?.data).toMatchObject({
      from: 'ivr',
      kind: 'external',
      trunk: 'tls-carrier',
    });
  }, 60_000);

  it('refuses a carrier whose certificate it cannot verify: no SIP is sent, the transfer fails and the caller is released', async () => {
    const callerMedia = await startCarrierMedia();
    const outsideMedia = await startCarrierMedia();
    open.media.push(callerMedia, outsideMedia);
    const carrier = await tlsCarrier(outsideMedia.port);
    open.close = carrier.close;
    const stack = await stackWithTlsTrunk(carrier.port, null);
    const caller = await call(stack, callerMedia);
    const c = await caller.done;
    expect(c.code, c.output).toBe(0);
    expect(carrier.invites).toEqual([]);
    const row = await eventually(() =>
      stack.tdb.db.interaction.findFirst({
        // (Only this run's call has a received event, not the seeded history.)
        where: { dnis: '4008002000', endedAt: { not: null }, events: { some: { type: 'received' } } },
        include: { events: true },
      }),
    );
    expect(row.events.find((e) => e.type === 'transfer_failed')?.data).toMatchObject({ kind: 'external' });
    expect(row.events.some((e) => e.type === 'transferred')).toBe(false);
  }, 60_000);
});
