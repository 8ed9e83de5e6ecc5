// Shared steps of the real-network tests: phones and carriers as SIPp on their own hosts, kefu's
// API over the test link, and the checks on what crossed each network.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { runSipp, type SippRun } from '../support/sipp.js';
import { rtpPackets, sipMessages, type UdpDatagram } from './capture.js';
import { startKefuHost, type KefuHost } from './kefu-host.js';
import { registeringPhone } from './scenarios.js';
import { buildTopology, KEFU, PHONE, type Topology } from './topology.js';

/**
 * The hosts of `slot` built before the file's tests and kefu started on them (default settings);
 * everything torn down after. Read the getters inside tests.
 */
export function kefuOnTheBed(slot: number): { readonly topology: Topology; readonly kefu: KefuHost } {
  let topology: Topology | undefined;
  let kefu: KefuHost | undefined;
  beforeAll(async () => {
    topology = buildTopology(slot);
    kefu = await startKefuHost(topology);
  }, 120_000);
  afterAll(async () => {
    await kefu?.stop();
    topology?.bed.destroy();
  });
  return {
    get topology() {
      if (!topology) throw new Error('the test bed is not built');
      return topology;
    },
    get kefu() {
      if (!kefu) throw new Error('kefu is not started');
      return kefu;
    },
  };
}

export interface NatPhone {
  run: SippRun;
  messages(): string;
}

/** An agent's SIPp phone on the office LAN, registered to kefu's internet-side address. */
export async function startNatPhone(
  topology: Topology,
  kefu: KefuHost,
  ext: string,
  callScenario: string,
  timeoutSeconds: number,
): Promise<NatPhone> {
  const messageFile = path.join(mkdtempSync(path.join(tmpdir(), `kefu-net-phone-${ext}-`)), 'messages.log');
  const run = await runSipp({
    scenarioFile: registeringPhone(),
    target: `${KEFU.officeSide}:5060`,
    netns: topology.phone,
    localIp: PHONE,
    localPort: 5060,
    vars: { ext },
    timeoutSeconds,
    extra: [
      ...['-au', ext, '-ap', `demo-${ext}`],
      ...['-oocsf', callScenario],
      // kefu's keep-alive OPTIONS arrive as out-of-call requests: answered 200 (-aa).
      '-aa',
      ...['-trace_msg', '-message_file', messageFile],
    ],
  });
  const messages = () => {
    try {
      return readFileSync(messageFile, 'utf8');
    } catch {
      return '';
    }
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await fetch(`${kefu.api}/api/agents/${ext}`, { headers: await kefu.headers(ext) });
    const agent = (await res.json()) as { phoneRegistered?: boolean };
    if (agent.phoneRegistered) break;
    if (Date.now() > deadline || run.process.exitCode !== null) {
      throw new Error(`phone ${ext} did not register through the NAT:\n${run.output()}\n${messages()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  // After a previous call the agent may be in wrap-up, which this queue ends with a disposition.
  const agent = (await (
    await fetch(`${kefu.api}/api/agents/${ext}`, { headers: await kefu.headers(ext) })
  ).json()) as {
    state: string;
  };
  if (agent.state === 'wrap_up') {
    await fetch(`${kefu.api}/api/agents/${ext}/wrap-up`, {
      method: 'PUT',
      headers: await kefu.headers(ext),
      body: JSON.stringify({ disposition: 'resolved' }),
    });
  }
  const ready = await fetch(`${kefu.api}/api/agents/${ext}/state`, {
    method: 'PUT',
    headers: await kefu.headers(ext),
    body: JSON.stringify({ state: 'ready' }),
  });
  expect(ready.status, await ready.text()).toBe(200);
  return { run, messages };
}

export interface StoredInteraction {
  callId: string;
  ani: string | null;
  dnis: string | null;
  agentId: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  endedBy: string | null;
  ivrPath: unknown;
}

/** The newest Interaction of `dnis` (from `ani`, when given), once ended. */
export async function endedInteraction(
  kefu: KefuHost,
  dnis: string,
  ani?: string,
): Promise<StoredInteraction> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const res = await fetch(`${kefu.api}/api/interactions?limit=20`, { headers: await kefu.headers('sup1') });
    const list = (await res.json()) as StoredInteraction[];
    const found = list.find((i) => i.dnis === dnis && (!ani || i.ani?.endsWith(ani)) && i.endedAt);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no ended interaction for ${dnis}: ${JSON.stringify(list)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function agentId(kefu: KefuHost, ext: string): Promise<string> {
  const res = await fetch(`${kefu.api}/api/agents/${ext}`, { headers: await kefu.headers('sup1') });
  return ((await res.json()) as { id: string }).id;
}

/**
 * Every SIP message kefu sent onto this network names kefu by `own` only: top Via of its
 * requests, Contact, SDP o= and c=. And no message anywhere carries a wildcard or loopback.
 */
export function expectAddressesOnTheWire(datagrams: UdpDatagram[], own: string): number {
  const messages = sipMessages(datagrams);
  for (const m of messages) {
    expect(m.text, 'a wildcard on the wire').not.toMatch(/0\.0\.0\.0|\[?::\]?:5060/);
    expect(m.text, 'loopback towards another host').not.toMatch(/127\.0\.0\.1|\[::1\]/);
  }
  const fromKefu = messages.filter((m) => m.src === own && m.sport === 5060);
  expect(fromKefu.length).toBeGreaterThan(0);
  const host = own.includes(':') ? `[${own}]` : own;
  for (const m of fromKefu) {
    const lines = m.text.split('\r\n');
    if (!m.text.startsWith('SIP/2.0')) {
      const via = lines.find((l) => /^(Via|v):/i.test(l)) ?? '';
      expect(via, m.text).toMatch(new RegExp(`^(Via|v): SIP/2\\.0/UDP ${escape(host)}:5060[;\\s]`, 'i'));
    }
    for (const contact of lines.filter((l) => /^(Contact|m):/i.test(l))) {
      expect(contact, m.text).toContain(`@${host}:5060`);
    }
    for (const sdp of lines.filter((l) => /^[oc]=/.test(l))) {
      expect(sdp.endsWith(` ${own}`), `${sdp} in\n${m.text}`).toBe(true);
    }
  }
  return fromKefu.length;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** RTP `from` → `to` within [start, end] (capture seconds): count, and how much of it is speech. */
export function audioBetween(
  datagrams: UdpDatagram[],
  from: string,
  to: string,
  start: number,
  end: number,
): { packets: number; speech: number; longestGapMs: number; times: number[] } {
  const packets = rtpPackets(datagrams, from, to).filter((d) => d.time >= start && d.time <= end);
  let longestGapMs = 0;
  for (let i = 1; i < packets.length; i++) {
    longestGapMs = Math.max(longestGapMs, ((packets[i]?.time ?? 0) - (packets[i - 1]?.time ?? 0)) * 1000);
  }
  // G.711 silence is one byte value repeated; speech varies.
  const speech = packets.filter((d) => new Set(d.payload.subarray(12)).size > 8).length;
  return { packets: packets.length, speech, longestGapMs, times: packets.map((d) => d.time) };
}

/** Capture time of the first SIP message matching `pattern` (its start line or text). */
export function sipTime(datagrams: UdpDatagram[], pattern: RegExp, after = 0): number {
  const m = sipMessages(datagrams).find((d) => d.time >= after && pattern.test(d.text));
  if (!m) throw new Error(`no SIP message matching ${String(pattern)}`);
  return m.time;
}
