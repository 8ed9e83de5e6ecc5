import { createServer } from 'node:net';

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
 * A UDP port, and the two after it (SIPp's media port is +2), that were free a moment ago on
 * 127.0.0.1 — outside the servers' RTP range (20000–30000 by default), which parallel test
 * stacks bind at any time.
 */
export async function freeUdpPort(): Promise<number> {
  const { createSocket } = await import('node:dgram');
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const s = createSocket('udp4');
      s.once('error', () => resolve(false));
      s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
  for (;;) {
    const port = 40000 + 4 * Math.floor(Math.random() * 5000);
    if ((await free(port)) && (await free(port + 1)) && (await free(port + 2))) return port;
  }
}
