import { describe, expect, it } from 'vitest';
import type { Dialog, IncomingRequest } from '../sip/index.js';
import type { CallStateChange } from './call-lifecycle.js';
import { CallRegistry } from './call-registry.js';
import type { InboundCall } from './inbound-call.js';

/** Just what the registry reads of a call: its id, INVITE, dialogs and state changes. */
function fakeCall(id: string) {
  const listeners: Array<(change: CallStateChange) => void> = [];
  const invite = {} as IncomingRequest;
  const carrierDialog = { id: `${id}-carrier` } as Dialog;
  const agentDialog = { id: `${id}-agent` } as Dialog;
  const call = {
    id,
    carrier: invite,
    carrierDialog,
    agent: { agentId: 'a1', extension: '1001', dialog: agentDialog, mediaLegId: 'agent-1' },
    state: 'connected',
    lifecycle: { onChange: (l: (change: CallStateChange) => void) => listeners.push(l) },
  } as unknown as InboundCall;
  const end = () => {
    for (const l of listeners) l({ from: 'connected', to: 'ended' } as CallStateChange);
  };
  return { call, invite, carrierDialog, agentDialog, end };
}

describe('CallRegistry', () => {
  it('an ended call is in none of its indexes, its INVITE included (the core keeps that for 32 s more)', () => {
    const registry = new CallRegistry();
    const { call, invite, carrierDialog, agentDialog, end } = fakeCall('c1');
    const other = fakeCall('c2');
    registry.add(call);
    registry.add(other.call);
    registry.bind(call, carrierDialog, 'carrier');
    registry.bind(call, agentDialog, 'agent');
    expect(registry.ofInvite(invite)).toBe(call);
    expect(registry.leg(agentDialog)).toEqual({ call, side: 'agent' });

    end();

    expect(registry.size).toBe(1);
    expect(registry.get('c1')).toBeUndefined();
    expect(registry.ofInvite(invite)).toBeUndefined();
    expect(registry.leg(carrierDialog)).toBeUndefined();
    expect(registry.leg(agentDialog)).toBeUndefined();
    expect(registry.callOfAgent('1001')).toBe(other.call);
    expect(registry.ofInvite(other.invite)).toBe(other.call);

    other.end();
    expect(registry.size).toBe(0);
    expect(registry.ofInvite(other.invite)).toBeUndefined();
  });
});
