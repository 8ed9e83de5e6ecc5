import type { Clock, TimerHandle } from '../clock/index.js';
import type { ProbeResult, UdpProbeTarget } from '../sip/index.js';
import type { CallLegs } from './call-legs.js';
import type { CallControlDeps } from './call-control-deps.js';
import type { CallPhase } from './call-lifecycle.js';
import type { InboundCall } from './inbound-call.js';

/** While a call is in these, nothing else would notice its UDP carrier going away for minutes. */
const PROBED: ReadonlySet<CallPhase> = new Set<CallPhase>(['routing', 'ivr', 'queued', 'overflow']);

/** Silent probes in a row, from a carrier that answered one before, that mean it is gone. */
const SILENT_LIMIT = 2;

interface Flow {
  target: UdpProbeTarget;
  calls: Set<InboundCall>;
  /** It answered a probe once: its silence means something. */
  answers: boolean;
  silentInARow: number;
  timer: TimerHandle | undefined;
  probing: boolean;
}

/**
 * Finds UDP carriers that went away without a CANCEL (killed, their host gone) while their
 * callers are in the IVR or waiting in a queue: before an agent answers, a UDP carrier sends
 * nothing kefu would miss, and the caller leg's media timeout is a minute. Every `intervalMs`,
 * one OPTIONS probe per carrier address (`probeUdp`, shared by all its waiting calls):
 *
 * - ICMP port unreachable: nothing listens there; its waiting calls end at once (`503` to an
 *   INVITE still pending, BYE to an answered one) and leave the ACD.
 * - Silent twice in a row from a carrier that answered a probe before: its host is gone; the same.
 * - A carrier that never answers OPTIONS (some do not) is never judged by its silence.
 *
 * Carriers on TCP/TLS need none of this: their connection closing says it (call-admission.ts).
 */
export class CarrierProbes {
  private readonly flows = new Map<string, Flow>();

  constructor(
    private readonly deps: Pick<CallControlDeps, 'store' | 'log'> & {
      probeCarrier: (target: UdpProbeTarget) => Promise<ProbeResult>;
    },
    private readonly legs: Pick<CallLegs, 'hangUp'>,
    private readonly clock: Clock,
    private readonly intervalMs: number,
  ) {}

  watch(call: InboundCall): void {
    const { source, transport } = call.carrier;
    if (transport.reliable || this.intervalMs <= 0) return;
    const key = `${source.address}|${source.port}`;
    const follow = (phase: CallPhase): void => {
      if (PROBED.has(phase)) this.add(key, call);
      else this.remove(key, call);
    };
    follow(call.state);
    call.lifecycle.onChange(({ to }) => follow(to));
  }

  /** Carrier addresses with calls waiting, probed (a probe still out for a flow left is not counted). */
  get probedFlows(): number {
    let n = 0;
    for (const flow of this.flows.values()) if (flow.calls.size > 0) n++;
    return n;
  }

  private add(key: string, call: InboundCall): void {
    let flow = this.flows.get(key);
    if (!flow) {
      const { source } = call.carrier;
      flow = {
        target: {
          address: source.address,
          port: source.port,
          ...(source.local && { local: source.local.address }),
        },
        calls: new Set(),
        answers: false,
        silentInARow: 0,
        timer: undefined,
        probing: false,
      };
      this.flows.set(key, flow);
    }
    flow.calls.add(call);
    this.schedule(key, flow);
  }

  private remove(key: string, call: InboundCall): void {
    const flow = this.flows.get(key);
    if (!flow?.calls.delete(call) || flow.calls.size > 0) return;
    if (flow.timer !== undefined) this.clock.clearTimeout(flow.timer);
    flow.timer = undefined;
    if (!flow.probing) this.flows.delete(key);
  }

  private schedule(key: string, flow: Flow): void {
    if (flow.timer !== undefined || flow.probing) return;
    flow.timer = this.clock.setTimeout(() => {
      flow.timer = undefined;
      void this.probe(key, flow);
    }, this.intervalMs);
  }

  private async probe(key: string, flow: Flow): Promise<void> {
    flow.probing = true;
    let result: ProbeResult;
    try {
      result = await this.deps.probeCarrier(flow.target);
    } catch {
      result = 'silent';
    }
    flow.probing = false;
    if (result === 'answered') {
      flow.answers = true;
      flow.silentInARow = 0;
    } else if (result === 'silent' && flow.answers) flow.silentInARow++;
    const gone = result === 'refused' || flow.silentInARow >= SILENT_LIMIT;
    if (gone) this.lost(flow, result);
    if (flow.calls.size === 0) {
      if (this.flows.get(key) === flow) this.flows.delete(key);
      return;
    }
    this.schedule(key, flow);
  }

  private lost(flow: Flow, result: ProbeResult): void {
    const carrier = `${flow.target.address}:${flow.target.port}`;
    for (const call of [...flow.calls]) {
      this.deps.log('warn', 'carrier gone while its caller waited: call ended', {
        callId: call.id,
        carrier,
        probe: result,
      });
      if (call.stored) this.deps.store.event(call.id, 'carrier_unreachable', { carrier, probe: result });
      // Leaves `flow.calls` through the state change to `ended`.
      this.legs.hangUp(call, 'system', 503);
    }
    flow.calls.clear();
  }
}
