// A real network with kefu's default settings: a carrier on its own network (IPv4 and IPv6),
// an agent's phone behind an office NAT router, kefu on a host with three networks. Everything in network namespaces (test/net/topology.ts); peers are SIPp.
import { describe, expect, it } from 'vitest';
import { runSipp } from '../support/sipp.js';
import { capture, sipMessages, type UdpDatagram } from './capture.js';
import { talkingCaller, talkingPhone } from './scenarios.js';
import {
  agentId,
  audioBetween,
  endedInteraction,
  expectAddressesOnTheWire,
  kefuOnTheBed,
  sipTime,
  startNatPhone,
} from './support.js';
import { CARRIER, KEFU, OTHER, PHONE, ROUTER_WAN } from './topology.js';

const SERVICE_LINE = '4008001000'; // sales-hotline: 2 in the main menu → the service queue
const AGENT = '1012';

const bed = kefuOnTheBed(1);

interface CallRun {
  carrier: UdpDatagram[];
  phone: UdpDatagram[];
}

/** One call from the carrier through the IVR to the NAT'd agent, captured on both networks. */
async function call(ipv6: boolean, hangsUp: 'agent' | 'caller'): Promise<CallRun> {
  const { topology, kefu } = bed;
  const phoneScenario = talkingPhone({
    holdAfterMs: 1500,
    holdMs: 1500,
    ...(hangsUp === 'agent' && { byeAfterMs: 7000 }),
  });
  const phone = await startNatPhone(topology, kefu, AGENT, phoneScenario, 60);
  const carrierCapture = await capture(topology.bed, topology.carrier, 'c1');
  const phoneCapture = await capture(topology.bed, topology.phone, 'l1');
  const caller = await runSipp({
    scenarioFile: talkingCaller({
      digit: '2',
      talkAtMs: 2000,
      ...(hangsUp === 'caller' && { byeAfterMs: 9500 }),
    }),
    target: ipv6 ? `[${KEFU.carrierSide6}]:5060` : `${KEFU.carrierSide}:5060`,
    netns: topology.carrier,
    localIp: ipv6 ? CARRIER.v6 : CARRIER.v4,
    localPort: 5060,
    service: SERVICE_LINE,
    vars: { ani: ipv6 ? '13900000302' : '13900000301' },
    timeoutSeconds: 40,
  });
  const carrierDone = await caller.done;
  // The phone's call scenario ends; it unregisters and SIPp exits.
  const phoneDone = await phone.run.done;
  const run = { carrier: await carrierCapture.stop(), phone: await phoneCapture.stop() };
  expect(
    carrierDone.code,
    `${carrierDone.output}\n${phone.messages().slice(-6000)}\n${kefu.log().slice(-3000)}`,
  ).toBe(0);
  expect(phoneDone.code, `${phoneDone.output}\n${phone.messages()}`).toBe(0);
  return run;
}

/**
 * Audio both ways at both ends. kefu sends RTP whenever it has something to send (IVR prompts,
 * ringback, hold music, the other party's speech) and stays silent while a bridged party is
 * silent (RFC 3551 §4.1 allows it), so each direction is counted while its source talks.
 */
function expectTwoWayAudio(run: CallRun, kefuCarrierSide: string, carrierAddress: string): void {
  const carrierTalks = rtpPacketTimes(run.carrier, carrierAddress, kefuCarrierSide);
  const phoneTalks = rtpPacketTimes(run.phone, PHONE, KEFU.officeSide);
  expect(carrierTalks.length, 'the caller is heard by kefu').toBeGreaterThan(150);
  expect(phoneTalks.length, 'the agent is heard by kefu').toBeGreaterThan(150);
  const carrierTalkEnd = carrierTalks[carrierTalks.length - 1] ?? 0;
  const phoneTalkEnd = phoneTalks[phoneTalks.length - 1] ?? 0;

  // The carrier, from kefu's 200 (the IVR answers) until the agent stops talking: IVR prompts,
  // the agent's speech, hold music, the agent again — never a gap.
  const answered = sipTime(run.carrier, /^SIP\/2\.0 200[^]*CSeq: 1 INVITE/);
  const bye = sipTime(run.carrier, /^BYE /);
  const until = Math.min(bye, phoneTalkEnd) - 0.2;
  const toCarrier = audioBetween(run.carrier, kefuCarrierSide, carrierAddress, answered + 0.5, until);
  expect(until - answered).toBeGreaterThan(5);
  expect(toCarrier.packets, JSON.stringify(toCarrier)).toBeGreaterThan(0.8 * 50 * (until - answered - 0.5));
  expect(toCarrier.longestGapMs).toBeLessThan(500);
  expect(toCarrier.speech, 'the agent is heard by the caller').toBeGreaterThan(50);

  // The phone behind NAT, while the caller talks: before the hold and after the resume.
  const ack = sipTime(run.phone, /^ACK sip:/);
  const hold = sipTime(run.phone, /^INVITE [^]*a=sendonly/);
  const resumed = sipTime(run.phone, /^SIP\/2\.0 200[^]*CSeq: 2 INVITE/);
  const end = Math.min(sipTime(run.phone, /^BYE /, resumed), carrierTalkEnd) - 0.2;
  const beforeHold = audioBetween(run.phone, KEFU.officeSide, PHONE, ack + 0.5, hold);
  expect(beforeHold.packets, JSON.stringify(beforeHold)).toBeGreaterThan(0.8 * 50 * (hold - ack - 0.5));
  expect(end - resumed).toBeGreaterThan(1);
  const afterResume = audioBetween(run.phone, KEFU.officeSide, PHONE, resumed + 0.3, end);
  expect(afterResume.packets, JSON.stringify(afterResume)).toBeGreaterThan(0.8 * 50 * (end - resumed - 0.3));
  expect(beforeHold.speech + afterResume.speech, 'the caller is heard by the agent').toBeGreaterThan(50);
}

function rtpPacketTimes(datagrams: UdpDatagram[], from: string, to: string): number[] {
  return audioBetween(datagrams, from, to, 0, Infinity).times;
}

describe('carrier → IVR → queue → agent phone behind NAT, kefu on default settings', () => {
  it('IPv4 carrier: digit recognised, audio both ways, hold/resume, the agent hangs up', async () => {
    const run = await call(false, 'agent');
    expectTwoWayAudio(run, KEFU.carrierSide, CARRIER.v4);
    expect(expectAddressesOnTheWire(run.carrier, KEFU.carrierSide)).toBeGreaterThanOrEqual(2);
    expect(expectAddressesOnTheWire(run.phone, KEFU.officeSide)).toBeGreaterThan(3);
    // The agent's BYE reached the carrier; the phone's traffic left the office from the router.
    expect(
      sipMessages(run.carrier).some((m) => m.src === KEFU.carrierSide && m.text.startsWith('BYE ')),
    ).toBe(true);
    const interaction = await endedInteraction(bed.kefu, SERVICE_LINE, '13900000301');
    expect(interaction.agentId).toBe(await agentId(bed.kefu, AGENT));
    expect(interaction.answeredAt).toBeTruthy();
    expect(interaction.endedBy).toBe('agent');
    expect(JSON.stringify(interaction.ivrPath)).toContain('"2"');
  }, 90_000);

  it('IPv6 carrier: the same path, the caller hangs up and the BYE reaches the phone', async () => {
    const run = await call(true, 'caller');
    expectTwoWayAudio(run, KEFU.carrierSide6, CARRIER.v6);
    expect(expectAddressesOnTheWire(run.carrier, KEFU.carrierSide6)).toBeGreaterThanOrEqual(2);
    expect(expectAddressesOnTheWire(run.phone, KEFU.officeSide)).toBeGreaterThan(3);
    expect(sipMessages(run.phone).some((m) => m.src === KEFU.officeSide && m.text.startsWith('BYE '))).toBe(
      true,
    );
    const interaction = await endedInteraction(bed.kefu, SERVICE_LINE, '13900000302');
    expect(interaction.agentId).toBe(await agentId(bed.kefu, AGENT));
    expect(interaction.answeredAt).toBeTruthy();
    expect(interaction.endedBy).toBe('caller');
    expect(JSON.stringify(interaction.ivrPath)).toContain('"2"');
  }, 90_000);
});

describe('a multi-homed kefu answers each network on its own address', () => {
  interface Probe {
    /** Who answered (the datagram's source address). */
    source: string;
    /** The final response. */
    text: string;
  }

  /**
   * A request from `from` on host `ns` to kefu's `to`:5060, by a small UDP client on that host.
   * OPTIONS returns the answer. INVITE (to the sales hotline, answered by its IVR at once, with
   * an SDP offer) returns the 200, then ACKs it and hangs up with a BYE answered by kefu.
   */
  function probe(ns: string, method: 'OPTIONS' | 'INVITE', from: string, to: string): Probe {
    const script = `
      const dgram = require('node:dgram');
      const [method, from, to, line] = process.argv.slice(1);
      const v6 = to.includes(':');
      const h = (a) => (v6 ? '[' + a + ']' : a);
      const s = dgram.createSocket(v6 ? 'udp6' : 'udp4');
      const id = 'net-' + process.pid + '-' + Date.now();
      const uri = 'sip:' + line + '@' + h(to);
      const req = (m, cseq, toHeader, body) => {
        const sdp = body || '';
        return [m + ' ' + uri + ' SIP/2.0',
          'Via: SIP/2.0/UDP ' + h(from) + ':' + s.address().port + ';branch=z9hG4bK' + m + cseq + id + ';rport',
          'From: <sip:probe@' + h(from) + '>;tag=p1', 'To: ' + toHeader, 'Call-ID: ' + id,
          'CSeq: ' + cseq + ' ' + m, 'Max-Forwards: 70',
          'Contact: <sip:probe@' + h(from) + ':' + s.address().port + '>',
          ...(sdp ? ['Content-Type: application/sdp'] : []),
          'Content-Length: ' + Buffer.byteLength(sdp), '', sdp].join('\\r\\n');
      };
      const send = (text) => s.send(text, 5060, to);
      const ip = v6 ? 'IP6' : 'IP4';
      const offer = ['v=0', 'o=probe 1 1 IN ' + ip + ' ' + from, 's=-', 'c=IN ' + ip + ' ' + from, 't=0 0',
        'm=audio 40000 RTP/AVP 8 0', 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:0 PCMU/8000', 'a=sendrecv', ''].join('\\r\\n');
      let answer;
      s.on('message', (m, r) => {
        const text = m.toString();
        const code = Number(/^SIP\\/2\\.0 (\\d{3})/.exec(text)?.[1] ?? 0);
        if (code < 200) return;
        if (method === 'OPTIONS') {
          console.log(JSON.stringify({ source: r.address, text }));
          process.exit(0);
        }
        if (/CSeq: 1 INVITE/i.test(text)) {
          if (answer) return; // a retransmitted 200
          answer = { source: r.address, text };
          const toHeader = /^(To|t): (.*)$/im.exec(text)?.[2] ?? '';
          send(req('ACK', 1, toHeader));
          if (code !== 200) { console.log(JSON.stringify(answer)); process.exit(0); }
          setTimeout(() => send(req('BYE', 2, toHeader)), 500);
        } else if (/CSeq: 2 BYE/i.test(text)) {
          console.log(JSON.stringify(answer));
          process.exit(0);
        }
      });
      s.bind(0, from, () => send(method === 'INVITE' ? req('INVITE', 1, '<' + uri + '>', offer) : req('OPTIONS', 1, '<' + uri + '>')));
      setTimeout(() => { console.log(JSON.stringify({ source: '', text: 'no answer' })); process.exit(1); }, 5000);`;
    try {
      const out = bed.topology.bed.exec(ns, process.execPath, '-e', script, method, from, to, SERVICE_LINE);
      return JSON.parse(out.trim()) as Probe;
    } catch (err) {
      const out = String((err as { stdout?: string }).stdout ?? '');
      throw new Error(`${method} ${from} → ${to}: ${out || String(err)}\n${bed.kefu.log().slice(-2000)}`);
    }
  }

  const cases = () => {
    const { topology } = bed;
    return [
      [topology.carrier, CARRIER.v4, KEFU.carrierSide],
      [topology.carrier, CARRIER.v6, KEFU.carrierSide6],
      [topology.other, OTHER.v4, KEFU.other],
      [topology.other, OTHER.v6, KEFU.other6],
      // kefu's address on one network asked from another (routed through kefu): that one answers.
      [topology.carrier, CARRIER.v4, KEFU.other],
    ] as const;
  };

  it('OPTIONS from the carrier, office and third networks, IPv4 and IPv6: each answered from the address asked', () => {
    const { topology } = bed;
    for (const [ns, from, to] of [...cases(), [topology.router, ROUTER_WAN, KEFU.officeSide] as const]) {
      const answer = probe(ns, 'OPTIONS', from, to);
      expect(answer.source, `${from} → ${to}`).toBe(to);
      expect(answer.text).toMatch(/^SIP\/2\.0 200/);
      expect(answer.text).not.toMatch(/0\.0\.0\.0|127\.0\.0\.1/);
      expectOwnAddress(answer.text, to);
    }
  });

  it("an INVITE's 200 carries, in Contact and SDP o=/c=, the address the call came in on", () => {
    for (const [ns, from, to] of cases()) {
      const answer = probe(ns, 'INVITE', from, to);
      expect(answer.source, `${from} → ${to}`).toBe(to);
      expect(answer.text, `${from} → ${to}`).toMatch(/^SIP\/2\.0 200/);
      expect(answer.text).not.toMatch(/0\.0\.0\.0|127\.0\.0\.1/);
      expect(answer.text, `${from} → ${to}`).toMatch(/^(Contact|m):.*@/im);
      expectOwnAddress(answer.text, to);
      expect(answer.text.split('\r\n'), 'an SDP answer').toContain(
        `c=IN IP${to.includes(':') ? 6 : 4} ${to}`,
      );
    }
  });
});

/** Contact and SDP o=/c= lines in `text` name kefu by `own`, nothing else. */
function expectOwnAddress(text: string, own: string): void {
  const host = own.includes(':') ? `[${own}]` : own;
  for (const line of text.split('\r\n')) {
    if (/^(Contact|m):/i.test(line)) expect(line, text).toContain(`@${host}:5060`);
    if (/^[oc]=/.test(line)) expect(line.endsWith(` ${own}`), `${line} in\n${text}`).toBe(true);
  }
}
