// The trunk form ↔ /api/trunks bodies. Pure, so it is unit-tested. Secrets are never sent back
// by the server: an empty secret field keeps the stored one.
import type { NewTrunk, TrunkPatch, TrunkView } from './admin-api.js';

export const TRUNK_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

export interface TrunkFormValues {
  name: string;
  direction: 'inbound' | 'outbound' | 'both';
  allowedCidrs?: string | undefined;
  inboundUsername?: string | undefined;
  inboundPassword?: string | undefined;
  host?: string | undefined;
  port?: number | null | undefined;
  transport: 'udp' | 'tcp' | 'tls';
  username?: string | undefined;
  password?: string | undefined;
  register: boolean;
  callerId?: string | undefined;
  enabled: boolean;
}

const orNull = (v: string | undefined): string | null => (v?.trim() ? v.trim() : null);

export const NEW_TRUNK: TrunkFormValues = {
  name: '',
  direction: 'both',
  transport: 'udp',
  register: false,
  enabled: true,
};

export function trunkFormValues(trunk: TrunkView): TrunkFormValues {
  return {
    name: trunk.name,
    direction: trunk.direction as TrunkFormValues['direction'],
    allowedCidrs: trunk.allowedCidrs,
    inboundUsername: trunk.inboundUsername ?? undefined,
    host: trunk.host ?? undefined,
    port: trunk.port,
    transport: trunk.transport as TrunkFormValues['transport'],
    username: trunk.username ?? undefined,
    register: trunk.register,
    callerId: trunk.callerId ?? undefined,
    enabled: trunk.enabled,
  };
}

function fields(v: TrunkFormValues) {
  return {
    direction: v.direction,
    allowedCidrs: v.allowedCidrs?.trim() ?? '',
    inboundUsername: orNull(v.inboundUsername),
    host: orNull(v.host),
    port: v.port ?? null,
    transport: v.transport,
    username: orNull(v.username),
    register: v.register,
    callerId: orNull(v.callerId),
    enabled: v.enabled,
  };
}

/** POST /api/trunks: the secrets only when typed. */
export function toNewTrunk(v: TrunkFormValues): NewTrunk {
  return {
    name: v.name.trim(),
    ...fields(v),
    ...(v.inboundPassword && { inboundPassword: v.inboundPassword }),
    ...(v.password && { password: v.password }),
  };
}

/** PATCH /api/trunks/:id: what changed, and a secret only when a new one was typed. */
export function toTrunkPatch(trunk: TrunkView, v: TrunkFormValues): TrunkPatch {
  const before = fields(trunkFormValues(trunk));
  const after = fields(v);
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof typeof after)[])
    if (after[key] !== before[key]) patch[key] = after[key];
  if (v.inboundPassword) patch.inboundPassword = v.inboundPassword;
  if (v.password) patch.password = v.password;
  return patch as TrunkPatch;
}
