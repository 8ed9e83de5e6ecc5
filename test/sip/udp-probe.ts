// A bare UDP socket that plays a SIP client by hand, for datagrams SIPp cannot send.
import { createSocket, type Socket } from 'node:dgram';

export interface UdpProbe {
  port: number;
  send(data: string | Buffer): Promise<void>;
  /** The next datagram received, or null after `timeoutMs`. */
  next(timeoutMs?: number): Promise<string | null>;
  close(): Promise<void>;
}

export async function openUdpProbe(serverPort: number): Promise<UdpProbe> {
  const socket: Socket = createSocket('udp4');
  const inbox: string[] = [];
  let waiter: ((msg: string) => void) | undefined;
  socket.on('message', (msg) => {
    const text = msg.toString('latin1');
    if (waiter) waiter(text);
    else inbox.push(text);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: socket.address().port,
    send: (data) =>
      new Promise((resolve, reject) =>
        socket.send(data, serverPort, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
      ),
    next(timeoutMs = 1000) {
      const queued = inbox.shift();
      if (queued !== undefined) return Promise.resolve(queued);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiter = undefined;
          resolve(null);
        }, timeoutMs);
        waiter = (msg) => {
          clearTimeout(timer);
          waiter = undefined;
          resolve(msg);
        };
      });
    },
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

/** A request with every mandatory header (RFC 3261 §8.1.1), replies coming back to `probe`. */
export function sipRequest(
  probe: UdpProbe,
  method: string,
  uri: string,
  tag: string,
  extraHeaders: string[] = [],
): string {
  return [
    `${method} ${uri} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${probe.port};branch=z9hG4bK-${tag};rport`,
    `From: <sip:probe@127.0.0.1>;tag=${tag}`,
    `To: <${uri}>`,
    `Call-ID: ${tag}@127.0.0.1`,
    `CSeq: 1 ${method}`,
    'Max-Forwards: 70',
    ...extraHeaders,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}
