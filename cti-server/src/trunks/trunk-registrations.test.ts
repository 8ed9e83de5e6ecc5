import { describe, expect, it } from 'vitest';
import { UserAgentCore } from '../sip/core/user-agent-core.js';
import type { SipRequest } from '../sip/message/sip-message.js';
import { SimulatedClock } from '../clock/index.js';
import { FakeTransport } from '../sip/testing/fake-transport.js';
import { TrunkRegistrations, type TrunkRow } from './trunk-registrations.js';

const row = (over: Partial<TrunkRow> = {}): TrunkRow => ({
  id: 'a',
  name: 'a',
  direction: 'both',
  enabled: true,
  register: true,
  host: 'sip.a.test',
  port: null,
  transport: 'udp',
  username: 'kefu',
  password: 'pw',
  ...over,
});

describe('TrunkRegistrations', () => {
  it('registers only enabled outbound trunks with register set; restarts changed ones, unregisters removed ones', () => {
    const clock = new SimulatedClock();
    const real = new UserAgentCore({ transports: [new FakeTransport()], clock });
    const sent: SipRequest[] = [];
    const registrations = new TrunkRegistrations({
      core: {
        clock,
        createRequest: (m, t, o) => real.createRequest(m, t, o),
        contactTowards: (t, u) => real.contactTowards(t, u),
        send: (request) => sent.push(request),
      },
    });
    registrations.setTrunks([
      row(),
      row({ id: 'in', direction: 'inbound' }),
      row({ id: 'off', enabled: false }),
      row({ id: 'noreg', register: false }),
      row({ id: 'nohost', host: null }),
    ]);
    expect(registrations.statuses().map((s) => s.trunkId)).toEqual(['a']);
    expect(sent).toHaveLength(1);
    registrations.setTrunks([row()]);
    expect(sent).toHaveLength(1);
    registrations.setTrunks([row({ host: 'sip.b.test' })]);
    expect(sent.map((r) => (r.uri.kind === 'sip' ? r.uri.host : ''))).toEqual(['sip.a.test', 'sip.b.test']);
    registrations.setTrunks([]);
    expect(registrations.statuses()).toEqual([]);
    expect(registrations.status('a')).toBeUndefined();
  });
});
