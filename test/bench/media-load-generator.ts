// Load generator for bench/media.ts, run as a child process so the engine under test gets its own
// core: per call a "carrier" socket and an "agent" socket each send 20 ms G.711 packets to their leg
// (one timer for all sockets) and measure what arrives from the other side (count, RFC 3550
// interarrival jitter).
import { createSocket, type Socket } from 'node:dgram';
import { encodeG711 } from '../../cti-server/src/rtp/g711.js';
import { serializeRtpPacket } from '../../cti-server/src/rtp/rtp-packet.js';

export type GeneratorRequest =
  | { type: 'open'; count: number }
  | { type: 'run'; targets: number[]; durationMs: number; payloadTypes: number[] }
  | { type: 'close' }
  | { type: 'exit' };

export type GeneratorReply =
  | { type: 'opened'; ports: number[] }
  | { type: 'closed' }
  | {
      type: 'result';
      sent: number[];
      received: number[];
      /** Per socket, RFC 3550 interarrival jitter in ms (of the stream it received). */
      jitterMs: number[];
      cpuMs: number;
      /** RFC 3550 jitter of the send times themselves: the part of jitterMs the engine did not add. */
      txJitterMs: number;
      /** Share of 20 ms ticks sent a whole packet interval (≥ 20 ms) or more behind schedule. */
      lateTickPct: number;
    };

interface Stream {
  socket: Socket;
  received: number;
  jitter: number;
  lastTransit: number | null;
}

let streams: Stream[] = [];

function openSockets(count: number): Promise<number[]> {
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<number>((resolve) => {
          const socket = createSocket({ type: 'udp4', recvBufferSize: 1 << 20 });
          const stream: Stream = { socket, received: 0, jitter: 0, lastTransit: null };
          socket.on('message', (msg) => {
            // RFC 3550 §6.4.1 / A.8: J += (|D| − J) / 16 with transit = arrival − timestamp.
            const arrival = (performance.now() * 8) | 0;
            const ts = msg.readUInt32BE(4);
            const transit = arrival - ts;
            if (stream.lastTransit !== null) {
              const d = Math.abs(transit - stream.lastTransit);
              stream.jitter += (d - stream.jitter) / 16;
            }
            stream.lastTransit = transit;
            stream.received++;
          });
          streams.push(stream);
          socket.bind(0, '127.0.0.1', () => resolve(socket.address().port));
        }),
    ),
  );
}

function packetsFor(payloadType: number): Buffer[] {
  // One second of a 440 Hz tone, pre-encoded; headers are patched per send.
  const law = payloadType === 8 ? 'PCMA' : 'PCMU';
  const out: Buffer[] = [];
  for (let f = 0; f < 50; f++) {
    const pcm = Int16Array.from({ length: 160 }, (_, i) =>
      Math.round(6000 * Math.sin((2 * Math.PI * 440 * (f * 160 + i)) / 8000)),
    );
    const payload = new Uint8Array(160);
    encodeG711(law, pcm, payload);
    out.push(
      serializeRtpPacket({ marker: false, payloadType, sequenceNumber: 0, timestamp: 0, ssrc: 0 }, payload),
    );
  }
  return out;
}

async function run(targets: number[], durationMs: number, payloadTypes: number[]): Promise<GeneratorReply> {
  const templates = new Map(payloadTypes.map((pt) => [pt, packetsFor(pt)]));
  const sent = new Array<number>(streams.length).fill(0);
  for (const s of streams) {
    s.received = 0;
    s.jitter = 0;
    s.lastTransit = null;
  }
  // Connected sockets: send() skips the per-datagram address lookup, the generator's main cost.
  await Promise.all(
    streams.map(
      (s, i) => new Promise<void>((resolve) => s.socket.connect(targets[i] as number, '127.0.0.1', resolve)),
    ),
  );
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const total = Math.round(durationMs / 20);
  let tick = 0;
  let lateTicks = 0;
  let txJitter = 0;
  let lastLate: number | null = null;
  await new Promise<void>((done) => {
    const step = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor((now - start) / 20) + 1);
      for (; tick < due; tick++) {
        // Same estimator as the receivers (RFC 3550 A.8), applied to the send instants.
        const late = now - (start + tick * 20);
        if (late >= 20) lateTicks++;
        if (lastLate !== null) txJitter += (Math.abs(late - lastLate) - txJitter) / 16;
        lastLate = late;
        for (let i = 0; i < streams.length; i++) {
          // A fresh copy per datagram: dgram.send may complete after this loop has moved on.
          const template = (templates.get(payloadTypes[i] as number) as Buffer[])[tick % 50] as Buffer;
          const pkt = Buffer.allocUnsafe(template.length);
          template.copy(pkt);
          pkt.writeUInt16BE((tick + i) & 0xffff, 2);
          pkt.writeUInt32BE((tick * 160) >>> 0, 4);
          pkt.writeUInt32BE(i + 1, 8);
          pkt[1] = (tick === 0 ? 0x80 : 0) | (payloadTypes[i] as number);
          (streams[i] as Stream).socket.send(pkt);
          sent[i] = (sent[i] as number) + 1;
        }
      }
      if (tick >= total) {
        setTimeout(done, 300); // let the last packets drain through the engine
        return;
      }
      setTimeout(step, Math.max(0, start + tick * 20 - performance.now()));
    };
    step();
  });
  const cpu = process.cpuUsage(cpu0);
  return {
    type: 'result',
    sent,
    received: streams.map((s) => s.received),
    jitterMs: streams.map((s) => s.jitter / 8),
    cpuMs: (cpu.user + cpu.system) / 1000,
    txJitterMs: txJitter,
    lateTickPct: (lateTicks / total) * 100,
  };
}

process.on('message', (msg: GeneratorRequest) => {
  const reply = (r: GeneratorReply) => process.send?.(r);
  if (msg.type === 'open') void openSockets(msg.count).then((ports) => reply({ type: 'opened', ports }));
  else if (msg.type === 'run') void run(msg.targets, msg.durationMs, msg.payloadTypes).then(reply);
  else if (msg.type === 'close') {
    for (const s of streams) s.socket.close();
    streams = [];
    reply({ type: 'closed' });
  } else process.exit(0);
});
