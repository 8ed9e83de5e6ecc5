import { afterEach, expect } from 'vitest';
import type { BusinessCalendar } from '@kefu/ivr-flows';
import { Acd, type AcdDelegate, type QueueConfig } from '../../acd/index.js';
import { SimulatedClock } from '../../clock/index.js';
import { FakeCallMediaPlane } from '../../ivr/testing/fake-media-plane.js';
import { isRegisteredPhone, phoneContacts } from '../../registrar/agent-phones.js';
import { LocationService } from '../../registrar/location-service.js';
import {
  parseNameAddr,
  UserAgentCore,
  type Endpoint,
  type ProbeResult,
  type UdpProbeTarget,
} from '../../sip/index.js';
import { FakeNetwork } from '../../sip/testing/fake-network.js';
import { FakeTransport } from '../../sip/testing/fake-transport.js';
import { CallControl } from '../call-control.js';
import type {
  CallerMatch,
  CallEventPayload,
  CallEvents,
  CallStore,
  EndedBy,
  LineRoute,
} from '../call-control-deps.js';
import { SipPeer, type PeerCall } from './sip-peer.js';

/** kefu's SIP address (UDP and TCP), its domain in agents' From/To, the carrier trunk's address. */
export const KEFU = { address: '192.0.2.10', port: 5060 } as const;
export const DOMAIN = 'kefu.example';
export const CARRIER = { address: '198.51.100.7', port: 5060 } as const;
/** The line every test dials, routed to the sales queue; the known caller (a customer). */
export const LINE = '4008003000';
export const CUSTOMER = { ani: '13800138000', e164: '+8613800138000', customerId: 'cust-wang' } as const;

export interface AgentSpec {
  extension: string;
  agentId: string;
  skills: Record<string, number>;
}

export interface HarnessOptions {
  agents?: AgentSpec[];
  queues?: QueueConfig[];
  /** Call control's grace for an agent's phone whose connection dropped (default 60 s). */
  agentReconnectGraceMs?: number;
  /** Call control's cap on carrier calls in progress (MAX_INBOUND_CALLS; none by default). */
  maxInboundCalls?: number;
  /**
   * What a probe of a UDP carrier finds (`probeUdp` stands in for the network here); unset, call
   * control has no prober. Probes run every `carrierProbeMs` (default 5 s) on the harness clock.
   */
  probeCarrier?: (target: UdpProbeTarget) => Promise<ProbeResult>;
  carrierProbeMs?: number;
  /** Queues' uploaded music on hold (undefined: the built-in music). */
  holdMusic?: (queueId: string | null) => Int16Array | undefined;
  /** The line's own hours and holidays (a direct line honours them); unset: always open. */
  lineCalendar?: BusinessCalendar;
}

const DEFAULT_AGENTS: AgentSpec[] = [
  { extension: '1001', agentId: 'agent-1001', skills: { sales: 3 } },
  { extension: '1002', agentId: 'agent-1002', skills: { sales: 3 } },
  { extension: '1003', agentId: 'agent-1003', skills: { support: 3 } },
];

/** Queues are named after their skill; ids are `q-<name>`. */
const DEFAULT_QUEUES: QueueConfig[] = [
  { id: 'q-sales', skills: [{ skill: 'sales', minProficiency: 1 }], ringTimeoutSeconds: 20 },
  { id: 'q-support', skills: [{ skill: 'support', minProficiency: 1 }], ringTimeoutSeconds: 20 },
];

/** The Interaction rows as call control writes them: one entry per write, in order. */
export class FakeCallStore implements CallStore {
  readonly writes: Array<{ callId: string; op: string; data: Record<string, unknown> }> = [];
  /** Hold `open()` until `releaseOpen()` (a database that is slow to answer). */
  holdOpen = false;
  private held: Array<() => void> = [];

  async open(call: Parameters<CallStore['open']>[0]): Promise<void> {
    if (this.holdOpen) await new Promise<void>((resolve) => this.held.push(resolve));
    this.writes.push({ callId: call.callId, op: 'open', data: { ...call } });
  }

  releaseOpen(): void {
    this.holdOpen = false;
    for (const resolve of this.held.splice(0)) resolve();
  }

  event(callId: string, type: string, data: Record<string, unknown> = {}): void {
    this.writes.push({ callId, op: 'event', data: { type, ...data } });
  }

  queued(callId: string, queueId: string): void {
    this.writes.push({ callId, op: 'queued', data: { queueId } });
  }

  answered(callId: string, agentId: string, at: Date): void {
    this.writes.push({ callId, op: 'answered', data: { agentId, at } });
  }

  ivrDone(callId: string, result: Record<string, unknown>): void {
    this.writes.push({ callId, op: 'ivrDone', data: result });
  }

  callbackRequested(callId: string, request: Record<string, unknown>): void {
    this.writes.push({ callId, op: 'callbackRequested', data: request });
  }

  recorded(callId: string, ref: string): void {
    this.writes.push({ callId, op: 'recorded', data: { ref } });
  }

  ended(
    callId: string,
    ended: { endedBy: EndedBy; sipCause: number; at: Date; agentId: string | null },
  ): void {
    this.writes.push({ callId, op: 'ended', data: { ...ended } });
  }

  /** Calls that were opened, oldest first. */
  get callIds(): string[] {
    return this.writes.filter((w) => w.op === 'open').map((w) => w.callId);
  }

  /** The row's life without the event trail: `['open', 'queued', 'answered', 'ended']`. */
  lifecycle(callId: string): string[] {
    return this.writes.filter((w) => w.callId === callId && w.op !== 'event').map((w) => w.op);
  }

  /** The event trail's types, in order. */
  eventTypes(callId: string): string[] {
    return this.writes.filter((w) => w.callId === callId && w.op === 'event').map((w) => String(w.data.type));
  }

  event$(callId: string, type: string): Record<string, unknown> | undefined {
    return this.writes.find((w) => w.callId === callId && w.op === 'event' && w.data.type === type)?.data;
  }

  endedOf(callId: string): Record<string, unknown> | undefined {
    return this.writes.find((w) => w.callId === callId && w.op === 'ended')?.data;
  }

  answeredBy(callId: string): unknown[] {
    return this.writes.filter((w) => w.callId === callId && w.op === 'answered').map((w) => w.data.agentId);
  }
}

/** What each agent's console was told (socket.io in production). */
export class FakeCallEvents implements CallEvents {
  readonly log: Array<{
    kind: 'offered' | 'answered' | 'ended';
    extension: string;
    payload: CallEventPayload & { endedBy?: EndedBy; sipCause?: number };
  }> = [];

  offered(extension: string, payload: CallEventPayload): void {
    this.log.push({ kind: 'offered', extension, payload });
  }

  answered(extension: string, payload: CallEventPayload): void {
    this.log.push({ kind: 'answered', extension, payload });
  }

  ended(extension: string, payload: CallEventPayload & { endedBy: EndedBy; sipCause: number }): void {
    this.log.push({ kind: 'ended', extension, payload });
  }

  /** What one console heard: `['offered', 'answered', 'ended']`. */
  of(extension: string): string[] {
    return this.log.filter((e) => e.extension === extension).map((e) => e.kind);
  }
}

/** Every harness a test built: checked for ghost calls once the test is over. */
const built = new Set<CallControlHarness>();

/**
 * The no-ghost-calls invariant, after every test of a file that uses the harness: every call the
 * ACD still holds is a live call in call control whose carrier can still be reached (its INVITE
 * transaction pending, or its dialog up). A call the ACD keeps after its carrier is gone would be
 * offered to every agent who goes ready, and never rung.
 */
afterEach(async () => {
  for (const h of built) {
    await h.settle();
    expect(h.ghostCalls(), 'calls the ACD holds without a live carrier').toEqual([]);
  }
  built.clear();
});

/** Everything around call control, all fakes or pure logic on one simulated clock. */
export interface KefuWorld {
  clock: SimulatedClock;
  network: FakeNetwork;
  /** kefu's UA core, over a UDP and a TCP FakeTransport: nothing else can carry its SIP. */
  core: UserAgentCore;
  kefuUdp: FakeTransport;
  kefuTcp: FakeTransport;
  acd: Acd;
  /** The ACD's delegate; `buildCallControl` fills in what call control hears from it. */
  acdDelegate: AcdDelegate;
  media: FakeCallMediaPlane;
  store: FakeCallStore;
  events: FakeCallEvents;
  /** Agents' registrations (the real location service; the registrar's digest is skipped). */
  locations: LocationService;
  agents: AgentSpec[];
  queues: QueueConfig[];
  options: HarnessOptions;
  /** Call control's log lines. */
  logs: Array<{ level: 'info' | 'warn' | 'error'; message: string; data?: Record<string, unknown> }>;
}

/**
 * Call control built on the world's fakes and wired the way the server wires it (the SIP
 * plugin): its deps, the UA core's delegate, the ACD's offers, the location service's changes.
 * The only code of the harness that knows CallControl's constructor, deps and entry points.
 */
export function buildCallControl(world: KefuWorld): CallControl {
  const { core, acd, locations } = world;
  const byExtension = new Map(world.agents.map((a) => [a.extension, a]));
  const byAgentId = new Map(world.agents.map((a) => [a.agentId, a]));
  const calls = new CallControl({
    core,
    acd,
    media: world.media,
    store: world.store,
    events: world.events,
    clock: world.clock,
    checkTrunk: (source) =>
      source.address === CARRIER.address
        ? { kind: 'trunk', trunkId: 'trunk-1', trunkName: 'carrier' }
        : { kind: 'forbidden', reason: 'not a trunk address' },
    routeLine: async (dnis): Promise<LineRoute | null> =>
      dnis.includes(LINE)
        ? {
            lineId: 'line-1',
            dnis: LINE,
            queueId: 'q-sales',
            ivrFlow: null,
            ...(world.options.lineCalendar && {
              calendar: world.options.lineCalendar,
              language: 'en' as const,
            }),
          }
        : null,
    identifyCaller: async (ani): Promise<CallerMatch> =>
      ani === CUSTOMER.ani
        ? { customerId: CUSTOMER.customerId, e164: CUSTOMER.e164, vipTier: 0 }
        : { customerId: null, e164: null, vipTier: 0 },
    agentExtension: (agentId) => byAgentId.get(agentId)?.extension,
    agentIdOf: (extension) => byExtension.get(extension)?.agentId,
    // The production rules (registrar/agent-phones.ts), on the harness's location service.
    contactsOf: (extension) => phoneContacts(locations, extension),
    agentBySource: (source, user) =>
      user !== undefined && byExtension.has(user) && isRegisteredPhone(locations, source, user)
        ? user
        : undefined,
    outboundRoute: () => undefined,
    domain: DOMAIN,
    queueAnnounceMs: 0,
    queueName: (queueId) => queueId.replace(/^q-/, ''),
    queueIdOf: (name) => world.queues.find((q) => q.id === `q-${name}`)?.id,
    ...(world.options.agentReconnectGraceMs !== undefined && {
      agentReconnectGraceMs: world.options.agentReconnectGraceMs,
    }),
    ...(world.options.maxInboundCalls !== undefined && { maxInboundCalls: world.options.maxInboundCalls }),
    ...(world.options.probeCarrier && { probeCarrier: world.options.probeCarrier }),
    ...(world.options.carrierProbeMs !== undefined && { carrierProbeMs: world.options.carrierProbeMs }),
    ...(world.options.holdMusic && { holdMusic: world.options.holdMusic }),
    log: (level, message, data) => world.logs.push({ level, message, ...(data && { data }) }),
  });
  world.acdDelegate.onOffer = (o) => calls.offer(o.callId, o.agentId);
  world.acdDelegate.onOfferWithdrawn = (o) => calls.withdrawOffer(o.callId, o.agentId, o.reason);
  // As Acd.connectCalls does: an overflow to another queue is the ACD's own business.
  world.acdDelegate.onOverflow = (o) => {
    if (o.target.kind !== 'queue') calls.overflow(o.callId, o.target.kind);
  };
  locations.delegate = {
    onChange: (aor, contacts) => {
      const agent = byExtension.get(aor);
      if (!agent) return;
      acd.setPhoneRegistered(agent.agentId, contacts.length > 0);
      if (contacts.length > 0) calls.onAgentRegistered(aor);
    },
  };
  core.delegate = {
    ...calls.coreDelegate(),
    onConnectionClosed: (flow) => {
      if (!flow.connectionId) return;
      locations.removeFlow(flow.connectionId);
      calls.onConnectionClosed(flow.connectionId);
    },
  };
  return calls;
}

/** An agent's phone: a SIP peer registered as the agent's extension. */
export class AgentPhone extends SipPeer {
  /** The stream connection it registered over (TCP phones). */
  connectionId?: string;
  registrations = 0;

  constructor(
    readonly extension: string,
    network: FakeNetwork,
    clock: SimulatedClock,
    at: { address: string; port: number; protocol: 'UDP' | 'TCP' },
  ) {
    super(`phone-${extension}`, network, clock, at);
  }
}

/**
 * kefu's call path with no socket and no database: call control on kefu's real UA core, the real
 * ACD and location service, a fake media plane, fake Interaction store and console events, and
 * peers (a carrier trunk, agents' phones) that are UA cores of their own on a FakeNetwork. One
 * SimulatedClock drives SIP timers, the ACD's ring timeouts and the calls' own timers.
 */
export class CallControlHarness implements KefuWorld {
  readonly clock = new SimulatedClock();
  readonly network = new FakeNetwork();
  readonly kefuUdp: FakeTransport;
  readonly kefuTcp: FakeTransport;
  readonly core: UserAgentCore;
  readonly acdDelegate: AcdDelegate = {};
  readonly acd: Acd;
  readonly media = new FakeCallMediaPlane();
  readonly store = new FakeCallStore();
  readonly events = new FakeCallEvents();
  readonly locations: LocationService;
  readonly agents: AgentSpec[];
  readonly queues: QueueConfig[];
  readonly logs: KefuWorld['logs'] = [];
  readonly calls: CallControl;
  private carrierPeer?: SipPeer;
  private phones = 0;

  constructor(readonly options: HarnessOptions = {}) {
    this.agents = options.agents ?? DEFAULT_AGENTS;
    this.queues = options.queues ?? DEFAULT_QUEUES;
    this.kefuUdp = this.network.join(new FakeTransport('UDP', false, { ...KEFU }));
    this.kefuTcp = this.network.join(new FakeTransport('TCP', true, { ...KEFU }));
    this.core = new UserAgentCore({
      transports: [this.kefuUdp, this.kefuTcp],
      clock: this.clock,
      userAgent: 'kefu',
      supported: ['timer'],
    });
    this.acd = new Acd({ clock: this.clock, delegate: this.acdDelegate, notReadyReasons: ['break'] });
    for (const queue of this.queues) this.acd.defineQueue(queue);
    for (const agent of this.agents) this.acd.addAgent({ id: agent.agentId, skills: agent.skills });
    this.locations = new LocationService({ clock: this.clock });
    this.calls = buildCallControl(this);
    built.add(this);
  }

  /** Calls the ACD holds that call control no longer carries, or whose carrier is gone. */
  ghostCalls(): string[] {
    return [...this.acd.liveCalls()].filter((id) => {
      const call = this.calls.call(id);
      if (!call || call.ended) return true;
      const dialog = call.carrierDialog;
      return !call.carrier.pending && !(dialog && dialog.state !== 'terminated');
    });
  }

  /** The carrier trunk (one peer at the trunk's address). */
  get carrier(): SipPeer {
    this.carrierPeer ??= new SipPeer('carrier', this.network, this.clock, { ...CARRIER });
    return this.carrierPeer;
  }

  agentId(extension: string): string {
    const agent = this.agents.find((a) => a.extension === extension);
    if (!agent) throw new Error(`no agent ${extension}`);
    return agent.agentId;
  }

  /** The agent's status in the ACD. */
  status(extension: string): string | undefined {
    return this.acd.agentStatus(this.agentId(extension));
  }

  /** A phone for `extension`, registered (UDP, or TCP over a connection of its own). */
  phone(extension: string, protocol: 'UDP' | 'TCP' = 'UDP'): AgentPhone {
    const phone = new AgentPhone(extension, this.network, this.clock, {
      address: `10.0.0.${++this.phones}`,
      port: protocol === 'TCP' ? 50_000 + this.phones : 5060,
      protocol,
    });
    this.register(phone);
    return phone;
  }

  /** The phone registers (again): over a new connection for a TCP phone (RFC 5626 flow). */
  register(phone: AgentPhone): void {
    phone.registrations++;
    const local = { ...KEFU };
    const flow: Endpoint = { protocol: phone.protocol, address: phone.address, port: phone.port, local };
    if (phone.protocol === 'TCP') {
      phone.connectionId = this.network.connect(phone.transport, this.kefuTcp);
      flow.connectionId = phone.connectionId;
    }
    const contact = parseNameAddr(`<${phone.uri(phone.extension)}>`);
    const result = this.locations.apply(phone.extension, [{ contact, expiresIn: 3600, q: 1 }], {
      callId: `register-${phone.extension}-${phone.registrations}@${phone.address}`,
      cseq: 1,
      flow,
    });
    if (!result.ok) throw new Error(`registration of ${phone.extension} refused`);
  }

  /** The phone's connection drops (a console reload, a network blip): both ends see it close. */
  dropConnection(phone: AgentPhone): void {
    if (!phone.connectionId) throw new Error(`${phone.name} has no connection`);
    this.network.close(phone.connectionId);
  }

  /** Agents log in, ready, in this order (the first one is offered the first call). */
  login(...extensions: string[]): void {
    for (const extension of extensions) {
      if (!this.acd.login(this.agentId(extension))) throw new Error(`${extension} could not log in`);
    }
  }

  /** The carrier calls the line (an INVITE with its SDP; `sdp: null` for a late offer). */
  dial(options: { ani?: string; dnis?: string; sdp?: string | null; ackSdp?: string } = {}): PeerCall {
    const ani = options.ani ?? CUSTOMER.ani;
    const dnis = options.dnis ?? LINE;
    return this.carrier.invite(`sip:${dnis}@${KEFU.address}:${KEFU.port}`, {
      from: `<sip:${ani}@${CARRIER.address}>`,
      to: `<sip:${dnis}@${KEFU.address}>`,
      ...(options.sdp !== undefined && { sdp: options.sdp }),
      ...(options.ackSdp !== undefined && { ackSdp: options.ackSdp }),
    });
  }

  /** The one call under way (its kefu id). */
  liveCallId(): string {
    const [call, ...more] = [...this.calls.activeCalls];
    if (!call || more.length > 0) throw new Error(`${more.length + (call ? 1 : 0)} calls under way`);
    return call.id;
  }

  /** Lets every message in flight arrive and every promise settle (no time passes). */
  async settle(): Promise<void> {
    for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /**
   * Moves simulated time forward by `ms`, one due timer at a time, letting the network and
   * promises settle after each (what a timer sets off happens before the next one fires).
   */
  async advance(ms: number): Promise<void> {
    const end = this.clock.now() + ms;
    for (let next = this.clock.nextDue(); next !== null && next <= end; next = this.clock.nextDue()) {
      this.clock.advanceTo(next);
      await this.settle();
    }
    this.clock.advanceTo(end);
    await this.settle();
  }

  /** Lines call control logged at error level (a refused state change, a failed ACD call…). */
  get errors(): string[] {
    return this.logs.filter((l) => l.level === 'error').map((l) => `${l.message} ${JSON.stringify(l.data)}`);
  }
}
