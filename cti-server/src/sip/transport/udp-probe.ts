import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';

/** What a peer's UDP address did with an OPTIONS probe. */
export type ProbeResult =
  /** A SIP response came back (any status): something is there. */
  | 'answered'
  /** ICMP port unreachable: nothing listens there any more (a killed process on a live host). */
  | 'refused'
  /** Nothing within the time: the host is gone, or it does not answer OPTIONS. */
  | 'silent';

export interface UdpProbeTarget {
  address: string;
  port: number;
  /** Our address to send from (the one the peer's traffic arrives on). */
  local?: string;
}

export interface UdpProbeOptions {
  /** Give up after this long (default 4 s: the first three retransmissions, RFC 3261 §17.1.2.2). */
  timeoutMs?: number;
  /** Resend at these times after the first send (default T1 doubling: 500, 1500, 3500 ms). */
  resendAtMs?: readonly number[];
}

/**
 * Is anything still listening at a UDP peer's address? An OPTIONS (RFC 3261 §11) from a socket
 * *connected* to the peer, because only a connected UDP socket hears the ICMP port-unreachable a
 * host sends for a port nobody holds any more; the main SIP socket, unconnected, never does. A
 * response of any status proves the peer is there. The probe stands outside the transaction
 * layer on purpose: it is a liveness check with its own port, like Kamailio's dispatcher pings.
 */
export function probeUdp(target: UdpProbeTarget, options: UdpProbeOptions = {}): Promise<ProbeResult> {
  const timeoutMs = options.timeoutMs ?? 4000;
  const resendAt = options.resendAtMs ?? [500, 1500, 3500];
  const socket = createSocket(isIPv6(target.address) ? 'udp6' : 'udp4');
  return new Promise<ProbeResult>((resolve) => {
    const timers: NodeJS.Timeout[] = [];
    let settled = false;
    const settle = (result: ProbeResult): void => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      socket.close();
      resolve(result);
    };
    const failed = (err: Error | null): void => {
      if (err) settle((err as NodeJS.ErrnoException).code === 'ECONNREFUSED' ? 'refused' : 'silent');
    };
    socket.on('error', failed);
    socket.on('message', (data) => {
      if (data.subarray(0, 8).toString('latin1') === 'SIP/2.0 ') settle('answered');
    });
    socket.bind(0, target.local, () => {
      socket.connect(target.port, target.address, () => {
        const local = socket.address();
        const message = Buffer.from(optionsText(target, local.address, local.port));
        const send = (): void => {
          if (!settled) socket.send(message, failed);
        };
        send();
        for (const at of resendAt) if (at < timeoutMs) timers.push(setTimeout(send, at));
        timers.push(setTimeout(() => settle('silent'), timeoutMs));
      });
    });
  });
}

function optionsText(target: UdpProbeTarget, localAddress: string, localPort: number): string {
  const host = (a: string) => (isIPv6(a) ? `[${a}]` : a);
  const id = randomBytes(8).toString('hex');
  return [
    `OPTIONS sip:${host(target.address)}:${target.port} SIP/2.0`,
    `Via: SIP/2.0/UDP ${host(localAddress)}:${localPort};branch=z9hG4bK${id};rport`,
    'Max-Forwards: 70',
    `From: <sip:kefu@${host(localAddress)}>;tag=${id.slice(0, 8)}`,
    `To: <sip:${host(target.address)}:${target.port}>`,
    `Call-ID: probe-${id}`,
    'CSeq: 1 OPTIONS',
    'User-Agent: kefu',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}
