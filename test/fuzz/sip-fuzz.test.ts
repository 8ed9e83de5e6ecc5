import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { StreamFramer } from '@kefu/cti-server/sip/message/stream-framer';
import { FuzzRandom, fuzzSettings } from './fuzz-random.js';
import { formatTally, startFuzzStack, tally, type FuzzStack } from './fuzz-stack.js';
import {
  generateSipMessage,
  hangUp,
  wellFormedOptions,
  type FuzzMessage,
  type FuzzTransport,
  type SipTarget,
} from './sip-generator.js';

/**
 * The SIP fuzzer: valid requests and responses of every method, mutated (sip-generator.ts), sent
 * to the running server over UDP, TCP (split across segments, several per connection) and SIP
 * over WebSocket. Oracles: the server answers a well-formed OPTIONS after every batch, never
 * answers 500 (malformed input gets 400 or is dropped, RFC 3261 §16.3 / §18.3), no uncaught
 * error, no server error logged, connections it holds go back to none, the heap stays bounded.
 *
 * FUZZ_SEED replays a run (the seed is printed), FUZZ_SECONDS sets the time budget (20 s).
 */
const { seed, budgetMs } = fuzzSettings(20);
const rng = new FuzzRandom(seed);

interface Finding {
  transport: FuzzTransport;
  what: string;
  message?: FuzzMessage;
}

describe('SIP fuzzing (UDP, TCP, WebSocket)', () => {
  let stack: FuzzStack;
  const sent = new Map<string, number>();
  const statuses = new Map<string, number>();
  /** 5xx by code: 503 (call cap, no RTP ports) and 501 are answers, 500 a finding. */
  const serverErrors = new Map<string, number>();
  const findings: Finding[] = [];
  /** Messages sent, by Call-ID, to name the one a 500 answered. */
  const byCallId = new Map<string, FuzzMessage>();
  const reported = new Set<string>();
  let bytesSent = 0;

  beforeAll(async () => {
    stack = await startFuzzStack(
      'sqlite',
      {
        // Generous flood limits: the fuzzer is one source sending hundreds of requests a second.
        SIP_RATE_LIMIT: '100000',
        SIP_RATE_BAN_SECONDS: '0',
        // Valid INVITEs make calls; past this many they get 503 instead of more RTP ports.
        MAX_INBOUND_CALLS: '20',
        MEDIA_TIMEOUT_SECONDS: '5',
      },
      true,
    );
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** Reads what the server sent: counts statuses, flags 500s, hangs up calls it answered. */
  function onServerMessage(
    transport: FuzzTransport,
    text: string,
    reply: (data: Buffer) => void,
    target: SipTarget,
  ) {
    const status = /^SIP\/2\.0 (\d{3}) /.exec(text);
    const callId = /^(?:Call-ID|i)[ \t]*:[ \t]*(.*?)\r?$/im.exec(text)?.[1];
    if (!status) {
      // A request from the server (a BYE ending a call, an OPTIONS): answer 200, ACKs excepted.
      if (!text.startsWith('ACK ')) reply(okFor(text));
      tally(statuses, `${transport}:request`);
      return;
    }
    const code = Number(status[1]);
    tally(statuses, `${transport}:${String(code)[0]}xx`);
    if (code >= 500) tally(serverErrors, String(code));
    // A 500 is retransmitted until ACKed: one finding per request.
    if (code === 500 && !(callId && reported.has(callId))) {
      if (callId) reported.add(callId);
      const message = callId ? byCallId.get(callId) : undefined;
      findings.push({
        transport,
        what: `500 answered: ${text.split('\r\n')[0]}`,
        ...(message && { message }),
      });
    }
    if (/^CSeq[ \t]*:[ \t]*\d+ INVITE/im.test(text) && code > 100 && code < 300) {
      const sentInvite = callId ? byCallId.get(callId) : undefined;
      const toUri =
        /^(?:To|t)[ \t]*:.*<([^>]+)>/im.exec(text)?.[1] ?? `sip:kefu@127.0.0.1:${target.serverPort}`;
      const { ack, bye, cancel } = hangUp(target, text, sentInvite?.inviteUri ?? toUri);
      for (const data of [ack, bye, cancel]) if (data) reply(data);
    }
  }

  function record(transport: FuzzTransport, message: FuzzMessage) {
    tally(sent, transport);
    bytesSent += message.data.length;
    byCallId.set(message.callId, message);
    if (byCallId.size > 20_000) byCallId.delete(byCallId.keys().next().value as string);
  }

  /** A UDP socket of the fuzzer's, its datagrams read by `onServerMessage`. */
  async function udpClient(): Promise<{
    socket: UdpSocket;
    target: SipTarget;
    send(data: Buffer): Promise<void>;
  }> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const target: SipTarget = {
      transport: 'UDP',
      localPort: socket.address().port,
      serverPort: stack.sipPort,
    };
    const send = (data: Buffer) =>
      new Promise<void>((resolve) => socket.send(data, stack.sipPort, '127.0.0.1', () => resolve()));
    socket.on('message', (msg) =>
      onServerMessage('UDP', msg.toString('latin1'), (d) => void send(d), target),
    );
    return { socket, target, send };
  }

  /** Sends a well-formed OPTIONS on its own socket: the server must answer 200 within 3 s. */
  async function stillAlive(tag: string): Promise<boolean> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const target: SipTarget = {
      transport: 'UDP',
      localPort: socket.address().port,
      serverPort: stack.sipPort,
    };
    const { data, callId } = wellFormedOptions(target, tag);
    const answered = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 3000);
      socket.on('message', (msg) => {
        const text = msg.toString('latin1');
        if (text.startsWith('SIP/2.0 200 ') && text.includes(callId)) {
          clearTimeout(timer);
          resolve(true);
        }
      });
    });
    socket.send(data, stack.sipPort, '127.0.0.1');
    const ok = await answered;
    socket.close();
    return ok;
  }

  async function checkAlive(transport: FuzzTransport, batch: FuzzMessage[], tag: string) {
    if (await stillAlive(tag)) return true;
    findings.push({
      transport,
      what: `no 200 to a well-formed OPTIONS after a batch: ${batch.map((m) => m.description).join(' | ')}`,
    });
    return false;
  }

  async function fuzzUdp(deadline: number) {
    const client = await udpClient();
    let batchNo = 0;
    while (Date.now() < deadline) {
      const batch = Array.from({ length: 25 }, () => generateSipMessage(rng, client.target));
      const batchStarted = Date.now();
      for (const message of batch) {
        record('UDP', message);
        await client.send(message.data);
      }
      if (!(await checkAlive('UDP', batch, `u${batchNo++}`))) break;
      // At most about a thousand datagrams a second: variety matters here, not load (the flood
      // suite does load), and the machine is shared with the rest of the suite.
      await new Promise((r) => setTimeout(r, Math.max(0, 25 - (Date.now() - batchStarted))));
    }
    return client;
  }

  async function fuzzTcp(deadline: number) {
    let batchNo = 0;
    const open: Socket[] = [];
    while (Date.now() < deadline) {
      const socket = connect(stack.sipPort, '127.0.0.1');
      socket.setNoDelay(true);
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
      socket.on('error', () => {}); // the server closes streams that lost their framing
      const target: SipTarget = {
        transport: 'TCP',
        localPort: socket.localPort ?? 0,
        serverPort: stack.sipPort,
      };
      const framer = new StreamFramer();
      socket.on('data', (chunk: Buffer) => {
        try {
          for (const item of framer.push(chunk))
            if (item.kind === 'message')
              onServerMessage(
                'TCP',
                item.data.toString('latin1'),
                (d) => socket.writable && socket.write(d),
                target,
              );
        } catch {
          findings.push({ transport: 'TCP', what: 'the server sent a stream that cannot be framed' });
        }
      });
      // Several messages per connection, cut into segments at random places.
      const batch = Array.from({ length: rng.int(1, 6) }, () => generateSipMessage(rng, target));
      for (const message of batch) record('TCP', message);
      const stream = Buffer.concat(batch.map((m) => m.data));
      let at = 0;
      while (at < stream.length && !socket.destroyed) {
        const size = rng.chance(0.2) ? rng.int(1, 8) : rng.int(1, Math.max(1, stream.length - at));
        socket.write(stream.subarray(at, at + size));
        at += size;
        if (rng.chance(0.3)) await new Promise((r) => setTimeout(r, rng.int(0, 3)));
      }
      // Some connections stay open a while (calls to hang up, half-sent messages), most close.
      if (rng.chance(0.15) && open.length < 20) open.push(socket);
      else setTimeout(() => socket.end(), 50);
      if (!(await checkAlive('TCP', batch, `t${batchNo++}`))) break;
    }
    for (const socket of open) socket.end();
  }

  async function fuzzWebSocket(deadline: number) {
    let batchNo = 0;
    const url = `${stack.httpUrl.replace('http', 'ws')}/sip`;
    while (Date.now() < deadline) {
      const ws = new WebSocket(url, 'sip');
      ws.on('error', () => {}); // a text frame of invalid UTF-8 gets the socket closed (1007)
      const opened = await new Promise<boolean>((resolve) => {
        ws.once('open', () => resolve(true));
        ws.once('error', () => resolve(false));
      });
      if (!opened) {
        findings.push({ transport: 'WS', what: 'WebSocket upgrade at /sip refused' });
        break;
      }
      const target: SipTarget = { transport: 'WS', localPort: 0, serverPort: stack.sipPort };
      ws.on('message', (data: Buffer) =>
        onServerMessage(
          'WS',
          data.toString('latin1'),
          (d) => ws.readyState === WebSocket.OPEN && ws.send(d.toString()),
          target,
        ),
      );
      const batch = Array.from({ length: rng.int(1, 8) }, () => generateSipMessage(rng, target));
      for (const message of batch) {
        if (ws.readyState !== WebSocket.OPEN) break;
        record('WS', message);
        // Text frames as browsers send them, binary ones (RFC 7118 §5.1 allows both) half the
        // time; a message that is not UTF-8 mostly binary, now and then as a text frame, a
        // protocol error the server must answer by closing the socket (1007).
        const utf8 = Buffer.from(message.data.toString('utf8')).equals(message.data);
        ws.send(utf8 && rng.chance(0.8) ? message.data.toString('utf8') : message.data, {
          binary: utf8 ? rng.chance(0.5) : rng.chance(0.9),
        });
      }
      setTimeout(() => ws.close(), 50);
      if (!(await checkAlive('WS', batch, `w${batchNo++}`))) break;
    }
  }

  it(
    `survives mutated SIP for ${budgetMs / 1000} s without a crash or a 500 (seed ${seed})`,
    async () => {
      const heapBefore = liveHeap();
      const started = Date.now();
      const udp = await fuzzUdp(started + budgetMs * 0.4);
      await fuzzTcp(started + budgetMs * 0.75);
      await fuzzWebSocket(started + budgetMs);
      // Late answers (retransmitted finals, BYEs of ended calls) and closes settle.
      await new Promise((r) => setTimeout(r, 1500));
      const heapAfter = liveHeap();
      const counts = stack.app.sip.connectionCounts();
      const connections = { tcp: counts.TCP, ws: counts.WS ?? counts.WSS };
      udp.socket.close();

      const core = stack.app.sip.core;
      const calls = [...stack.app.sip.calls.activeCalls].length;
      // Server transactions keep their request and responses for 32 s after the final response
      // (timers H, J: RFC 3261 §17.2), so the heap grows with the message rate until they expire.
      // What it keeps must be explained by the live ones: each holds its request raw and parsed
      // and its responses, a few copies of an average message (UTF-16 strings double them).
      // Coarse on purpose: the memory soak measures the long run.
      const messages = [...sent.values()].reduce((a, b) => a + b, 0);
      const explained =
        core.transactions.serverCount * (bytesSent / Math.max(1, messages)) * 8 + 64 * 2 ** 20;
      const summary =
        `SIP fuzz: seed=${seed} seconds=${((Date.now() - started) / 1000).toFixed(1)} ` +
        `sent ${formatTally(sent)} | received ${formatTally(statuses)} (5xx: ${formatTally(serverErrors)}) | ` +
        `open after: tcp=${connections.tcp} ws=${connections.ws} calls=${calls} ` +
        `server transactions=${core.transactions.serverCount} dialogs=${core.dialogs.size} | ` +
        `heap after GC ${(heapBefore / 2 ** 20).toFixed(0)}→${(heapAfter / 2 ** 20).toFixed(0)} MB ` +
        `(bound +${(explained / 2 ** 20).toFixed(0)} MB)`;
      console.log(summary);
      for (const f of findings.slice(0, 10)) {
        console.log(`SIP fuzz finding (${f.transport}): ${f.what}`);
        if (f.message)
          console.log(
            `  ${f.message.description}\n  ${JSON.stringify(f.message.data.toString('latin1').slice(0, 2000))}`,
          );
      }
      for (const e of stack.errors.slice(0, 10)) console.log(`SIP fuzz server error: ${e.line}`);
      for (const e of stack.uncaught.slice(0, 5))
        console.log(`SIP fuzz uncaught: ${(e as Error).stack ?? String(e)}`);

      expect(stack.uncaught, 'uncaught errors').toEqual([]);
      expect(findings.map((f) => `${f.transport}: ${f.what}`)).toEqual([]);
      expect(stack.errors.map((e) => e.msg)).toEqual([]);
      expect(sent.get('UDP') ?? 0).toBeGreaterThan(0);
      expect(sent.get('TCP') ?? 0).toBeGreaterThan(0);
      expect(sent.get('WS') ?? 0).toBeGreaterThan(0);
      // Every stream the fuzzer opened is closed by now, and the server let go of each.
      expect(connections).toEqual({ tcp: 0, ws: 0 });
      expect(heapAfter - heapBefore).toBeLessThan(explained);
    },
    budgetMs + 60_000,
  );
});

/** Heap in use after a full collection (gc exposed at run time, no flag on the command line). */
function liveHeap(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

/** A 200 OK to a request the server sent us (its BYE ending a call). */
function okFor(request: string): Buffer {
  const keep = request
    .split(/\r?\n/)
    .filter((line) => /^(Via|v|From|f|To|t|Call-ID|i|CSeq)[ \t]*:/i.test(line));
  return Buffer.from(['SIP/2.0 200 OK', ...keep, 'Content-Length: 0', '', ''].join('\r\n'));
}
