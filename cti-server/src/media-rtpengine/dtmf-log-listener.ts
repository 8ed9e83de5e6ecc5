// Receives rtpengine's DTMF log (--dtmf-log-dest=HOST:PORT): one JSON datagram per RFC 4733
// event it relays or injects, e.g. {"callid":"…","source_tag":"a","event":5,"duration":80,…}.
import { createSocket, type Socket } from 'node:dgram';
import { eventCodeToDigit, type DtmfDigit } from '../rtp/telephone-event.js';

export interface DtmfLogEvent {
  callId: string;
  sourceTag: string;
  digit: DtmfDigit;
}

export class DtmfLogListener {
  private constructor(private readonly socket: Socket) {}

  static open(
    address: string,
    port: number,
    onEvent: (event: DtmfLogEvent) => void,
  ): Promise<DtmfLogListener> {
    const socket = createSocket('udp4');
    socket.on('message', (msg) => {
      const event = parseDtmfLog(msg);
      if (event) onEvent(event);
    });
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, address, () => {
        socket.off('error', reject);
        resolve(new DtmfLogListener(socket));
      });
    });
  }

  get port(): number {
    return this.socket.address().port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

export function parseDtmfLog(msg: Buffer): DtmfLogEvent | null {
  let json: unknown;
  try {
    json = JSON.parse(msg.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null) return null;
  const o = json as Record<string, unknown>;
  if (typeof o.callid !== 'string' || typeof o.source_tag !== 'string' || typeof o.event !== 'number')
    return null;
  const digit = eventCodeToDigit(o.event);
  return digit ? { callId: o.callid, sourceTag: o.source_tag, digit } : null;
}
