import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { probeUdp } from './udp-probe.js';

const sockets: Socket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});

/** A UDP socket on loopback; `reply` answers each datagram with a SIP response. */
async function peer(reply: boolean): Promise<{ port: number; received: string[] }> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  const received: string[] = [];
  socket.on('message', (data, from) => {
    received.push(data.toString());
    if (reply) socket.send('SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n', from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return { port: socket.address().port, received };
}

describe('probeUdp (real sockets on loopback)', () => {
  it('answered: a SIP response of any status came back to its OPTIONS', async () => {
    const carrier = await peer(true);
    expect(await probeUdp({ address: '127.0.0.1', port: carrier.port, local: '127.0.0.1' })).toBe('answered');
    expect(carrier.received[0]).toMatch(/^OPTIONS sip:127\.0\.0\.1:\d+ SIP\/2\.0\r\n/);
    expect(carrier.received[0]).toMatch(
      /\r\nVia: SIP\/2\.0\/UDP 127\.0\.0\.1:\d+;branch=z9hG4bK\w+;rport\r\n/,
    );
  });

  it('refused: nothing holds the port any more (ICMP port unreachable), known at once', async () => {
    const gone = await peer(false);
    sockets.pop()?.close();
    expect(await probeUdp({ address: '127.0.0.1', port: gone.port }, { timeoutMs: 3000 })).toBe('refused');
  });

  it('silent: something holds the port but never answers, resent on T1 doubling until the time is up', async () => {
    const mute = await peer(false);
    expect(
      await probeUdp({ address: '127.0.0.1', port: mute.port }, { timeoutMs: 700, resendAtMs: [200, 600] }),
    ).toBe('silent');
    expect(mute.received).toHaveLength(3);
  });
});
