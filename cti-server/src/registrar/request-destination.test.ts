import { describe, expect, it } from 'vitest';
import { parseNameAddr } from '../sip/message/name-addr.js';
import type { Endpoint } from '../sip/transport/transport.js';
import type { Binding } from './location-service.js';
import { requestDestination } from './request-destination.js';

function binding(contact: string, flow: Endpoint): Binding {
  const nameAddr = parseNameAddr(contact);
  return {
    aor: '1001',
    contact: nameAddr,
    uri: contact.slice(1, -1),
    expiresAt: 0,
    q: 1,
    callId: 'c',
    cseq: 1,
    flow,
    updatedAt: 0,
  };
}

describe('requestDestination', () => {
  it('a phone on UDP whose Contact is its own address is called at its Contact (another port too)', () => {
    const b = binding('<sip:1001@198.51.100.20:5062>', {
      protocol: 'UDP',
      address: '198.51.100.20',
      port: 40000,
    });
    expect(requestDestination(b)).toBeUndefined();
  });

  it('a phone behind NAT (private Contact) is called where its REGISTER came from', () => {
    const flow: Endpoint = { protocol: 'UDP', address: '203.0.113.2', port: 40123 };
    expect(requestDestination(binding('<sip:1001@10.0.0.11:5060>', flow))).toEqual(flow);
  });

  it('a phone on a connection is called over it, whatever its Contact says', () => {
    const flow: Endpoint = { protocol: 'WSS', address: '198.51.100.30', port: 50000, connectionId: 'ws-1' };
    expect(requestDestination(binding('<sip:abc@df7jal23ls0d.invalid;transport=ws>', flow))).toEqual(flow);
    const tcp: Endpoint = { protocol: 'TCP', address: '198.51.100.20', port: 40000, connectionId: 'tcp-1' };
    expect(requestDestination(binding('<sip:1001@198.51.100.20:5060;transport=tcp>', tcp))).toEqual(tcp);
  });
});
