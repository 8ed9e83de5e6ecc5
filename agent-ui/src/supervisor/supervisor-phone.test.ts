import { describe, expect, it } from 'vitest';
import { isMonitorCall } from './supervisor-phone.js';

describe('the supervisor phone answers only the server’s monitor calls', () => {
  it('answers an INVITE from sip:monitor@… with X-Kefu-Call-Id', () => {
    expect(isMonitorCall({ direction: 'inbound', remote: 'monitor', kefuCallId: 'c1' })).toBe(true);
  });
  it('refuses anything else: another caller, no call id, its own outgoing call', () => {
    expect(isMonitorCall({ direction: 'inbound', remote: '1002', kefuCallId: 'c1' })).toBe(false);
    expect(isMonitorCall({ direction: 'inbound', remote: 'monitor', kefuCallId: null })).toBe(false);
    expect(isMonitorCall({ direction: 'outbound', remote: 'monitor', kefuCallId: 'c1' })).toBe(false);
  });
});
