import { createServer } from 'node:net';
import { LANE_INDEX, LANES } from './lane.js';

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * A port P that was free a moment ago on 127.0.0.1 for UDP (P to P+5: SIPp binds its main socket
 * on P and, with `-mp P+2`, audio RTP/RTCP on P+2/P+3 and video on P+4/P+5) and for TCP (P: SIPp
 * over TCP, and kefu's own SIP listener, bind it too). Slots are 8 ports apart, so one draw's
 * ports never overlap another's.
 *
 * Drawn from 61000–65535, above Linux's ephemeral range (32768–60999): every outgoing TCP
 * connection and every socket bound to port 0 (a browser, Prisma, the servers' RTP range) takes
 * its port from there at any moment, and a SIPp that loses that race exits with "Unable to bind
 * main socket" before it sends anything. Each test lane (lane.ts) draws from its own slots
 * (every third), so files running side by side never race for one.
 */
export async function freeUdpPort(): Promise<number> {
  const { createSocket } = await import('node:dgram');
  const udpFree = (port: number) =>
    new Promise<boolean>((resolve) => {
      const s = createSocket('udp4');
      s.once('error', () => resolve(false));
      s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
  const tcpFree = (port: number) =>
    new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
  const allFree = async (port: number) => {
    for (let p = port; p < port + 6; p++) if (!(await udpFree(p))) return false;
    return tcpFree(port);
  };
  for (;;) {
    const slot = LANES.length * Math.floor(Math.random() * Math.floor(566 / LANES.length)) + LANE_INDEX;
    const port = 61000 + 8 * slot;
    if (await allFree(port)) return port;
  }
}
