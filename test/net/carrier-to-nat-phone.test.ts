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
    const interaction = await endedInteraction(bed.kefu, SERVICE_LINE);
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
    const interaction = await endedInteraction(bed.kefu, SERVICE_LINE);
    expect(interaction.endedBy).toBe('caller');
    expect(interaction.answeredAt).toBeTruthy();
  }, 90_000);
});

describe('a multi-homed kefu answers each network on its own address', () => {
  /** An OPTIONS from `ns` to `to`; returns who answered and the answer's Contact, if any. */
  function options(ns: string, from: string, to: string): { source: string; text: string } {
    const script = `
      const dgram = require('node:dgram');
      const v6 = ${JSON.stringify(to)}.includes(':');
      const s = dgram.createSocket(v6 ? 'udp6' : 'udp4');
      s.bind(0, ${JSON.stringify(from)}, () => {
        const host = v6 ? '[' + ${JSON.stringify(from)} + ']' : ${JSON.stringify(from)};
        const msg = ['OPTIONS sip:kefu@' + (v6 ? '[' + ${JSON.stringify(to)} + ']' : ${JSON.stringify(to)}) + ' SIP/2.0',
          'Via: SIP/2.0/UDP ' + host + ':' + s.address().port + ';branch=z9hG4bKnet' + Date.now() + ';rport',
          'From: <sip:probe@' + host + '>;tag=p1', 'To: <sip:kefu@kefu>', 'Call-ID: net-' + Date.now(),
          'CSeq: 1 OPTIONS', 'Max-Forwards: 70', 'Content-Length: 0', '', ''].join('\\r\\n');
        s.on('message', (m, r) => { console.log(JSON.stringify({ source: r.address, text: m.toString() })); process.exit(0); });
        s.send(msg, 5060, ${JSON.stringify(to)});
        setTimeout(() => { console.log('{}'); process.exit(1); }, 3000);
      });`;
    return JSON.parse(bed.topology.bed.exec(ns, process.execPath, '-e', script).trim()) as {
      source: string;
      text: string;
    };
  }

  it('from the carrier network, the office network and over IPv6, to each of its addresses', () => {
    const { topology } = bed;
    for (const [ns, from, to] of [
      [topology.carrier, CARRIER.v4, KEFU.carrierSide],
      [topology.carrier, CARRIER.v6, KEFU.carrierSide6],
      [topology.other, OTHER.v4, KEFU.other],
      [topology.other, OTHER.v6, KEFU.other6],
      // kefu's address on one network asked from another (routed through kefu): that one answers.
      [topology.carrier, CARRIER.v4, KEFU.other],
      [topology.router, ROUTER_WAN, KEFU.officeSide],
    ] as const) {
      const answer = options(ns, from, to);
      expect(answer.source, `${from} → ${to}`).toBe(to);
      expect(answer.text).toMatch(/^SIP\/2\.0 200/);
      expect(answer.text).not.toMatch(/0\.0\.0\.0|127\.0\.0\.1/);
    }
  });
});
