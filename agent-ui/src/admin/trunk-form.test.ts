import { describe, expect, it } from 'vitest';
import type { TrunkView } from './admin-api.js';
import { NEW_TRUNK, toNewTrunk, toTrunkPatch, trunkFormValues } from './trunk-form.js';

const trunk: TrunkView = {
  id: 't1',
  name: 'carrier-a',
  direction: 'both',
  allowedCidrs: '198.51.100.0/24',
  inboundUsername: null,
  hasInboundPassword: false,
  host: 'sip.carrier.example',
  port: 5060,
  transport: 'udp',
  username: 'kefu',
  hasPassword: true,
  register: true,
  callerId: null,
  enabled: true,
};

describe('trunk form → /api/trunks', () => {
  it('creates with empty texts as null and no secrets unless typed', () => {
    expect(toNewTrunk({ ...NEW_TRUNK, name: ' b ', host: 'sip.b.example', username: '' })).toEqual({
      name: 'b',
      direction: 'both',
      allowedCidrs: '',
      inboundUsername: null,
      host: 'sip.b.example',
      port: null,
      transport: 'udp',
      username: null,
      register: false,
      callerId: null,
      enabled: true,
    });
  });

  it('patches what changed and keeps stored secrets when their field is left empty', () => {
    expect(toTrunkPatch(trunk, trunkFormValues(trunk))).toEqual({});
    expect(
      toTrunkPatch(trunk, { ...trunkFormValues(trunk), port: 5080, enabled: false, password: 'new-secret' }),
    ).toEqual({
      port: 5080,
      enabled: false,
      password: 'new-secret',
    });
  });
});
