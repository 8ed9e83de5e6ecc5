import { formatNameAddr, parseNameAddr } from '../sip/message/name-addr.js';
import { formatUri } from '../sip/message/uri.js';
import type { Endpoint, TransportProtocol } from '../sip/transport/transport.js';
import { bindingKey, type Binding } from './location-service.js';

/**
 * The registrar's persistence port: where bindings live beyond the process, so phones stay
 * reachable across a restart. The location service writes behind the REGISTER path (coalesced,
 * see `registration-writer.ts`) and reads back once at start. The database implementation is
 * `services/registrations/prisma-registration-store.ts`; a clustered deployment can put one on
 * Redis. Implementations may reject; the caller logs and carries on.
 */
export interface RegistrationStore {
  /** Every stored binding that expires after `now` (ms on the location service's clock). */
  load(now: number): Promise<Binding[]>;
  /**
   * Replace the stored bindings of each AOR named with the set given (the AOR's whole live set;
   * an empty set removes the AOR). One call is one batch: a store should write it at once.
   */
  save(changes: ReadonlyMap<string, readonly Binding[]>): Promise<void>;
  /** Remove the bindings that expired at or before `now`; resolves with how many. */
  removeExpired(now: number): Promise<number>;
}

/** A binding as plain fields (strings and numbers), the shape a store keeps. */
export interface RegistrationRecord {
  aor: string;
  /** The binding's identity in its AOR (`bindingKey` of its Contact). */
  bindingKey: string;
  /** The Contact as registered, a name-addr with its parameters (no `expires`). */
  contact: string;
  q: number;
  transport: TransportProtocol;
  sourceAddress: string;
  sourcePort: number;
  localAddress: string | null;
  localPort: number | null;
  connectionId: string | null;
  callId: string;
  cseq: number;
  instanceId: string | null;
  regId: number | null;
  userAgent: string | null;
  /** ms on the location service's clock. */
  expiresAt: number;
  updatedAt: number;
}

const PROTOCOLS: ReadonlySet<string> = new Set<TransportProtocol>(['UDP', 'TCP', 'TLS', 'WS', 'WSS']);

export function toRecord(binding: Binding): RegistrationRecord {
  const { flow } = binding;
  return {
    aor: binding.aor,
    bindingKey: bindingKey(binding.contact),
    contact: formatNameAddr(binding.contact),
    q: binding.q,
    transport: flow.protocol,
    sourceAddress: flow.address,
    sourcePort: flow.port,
    localAddress: flow.local?.address ?? null,
    localPort: flow.local?.port ?? null,
    connectionId: flow.connectionId ?? null,
    callId: binding.callId,
    cseq: binding.cseq,
    instanceId: binding.instanceId ?? null,
    regId: binding.regId ?? null,
    userAgent: binding.userAgent ?? null,
    expiresAt: binding.expiresAt,
    updatedAt: binding.updatedAt,
  };
}

/** The binding a record describes; throws when its Contact or transport cannot be read. */
export function fromRecord(record: RegistrationRecord): Binding {
  if (!PROTOCOLS.has(record.transport)) throw new Error(`unknown transport ${record.transport}`);
  const contact = parseNameAddr(record.contact);
  const flow: Endpoint = {
    protocol: record.transport,
    address: record.sourceAddress,
    port: record.sourcePort,
    ...(record.connectionId !== null && { connectionId: record.connectionId }),
    ...(record.localAddress !== null && {
      local: { address: record.localAddress, port: record.localPort ?? 0 },
    }),
  };
  return {
    aor: record.aor,
    contact,
    uri: formatUri(contact.uri),
    expiresAt: record.expiresAt,
    q: record.q,
    callId: record.callId,
    cseq: record.cseq,
    flow,
    ...(record.instanceId !== null && { instanceId: record.instanceId }),
    ...(record.regId !== null && { regId: record.regId }),
    ...(record.userAgent !== null && { userAgent: record.userAgent }),
    updatedAt: record.updatedAt,
  };
}

/** A store in memory (records, as a real store keeps them): for tests and single-process use. */
export class MemoryRegistrationStore implements RegistrationStore {
  /** AOR → binding key → record. */
  readonly records = new Map<string, Map<string, RegistrationRecord>>();
  /** Batches written, for tests that count writes. */
  saves = 0;

  async load(now: number): Promise<Binding[]> {
    return [...this.records.values()]
      .flatMap((byKey) => [...byKey.values()])
      .filter((r) => r.expiresAt > now)
      .map(fromRecord);
  }

  async save(changes: ReadonlyMap<string, readonly Binding[]>): Promise<void> {
    this.saves++;
    for (const [aor, bindings] of changes) {
      if (bindings.length === 0) this.records.delete(aor);
      else this.records.set(aor, new Map(bindings.map((b) => toRecord(b)).map((r) => [r.bindingKey, r])));
    }
  }

  async removeExpired(now: number): Promise<number> {
    let removed = 0;
    for (const [aor, byKey] of [...this.records]) {
      for (const [key, record] of [...byKey]) {
        if (record.expiresAt > now) continue;
        byKey.delete(key);
        removed++;
      }
      if (byKey.size === 0) this.records.delete(aor);
    }
    return removed;
  }
}
