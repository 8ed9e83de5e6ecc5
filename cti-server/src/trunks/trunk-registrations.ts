import {
  TrunkRegistration,
  type RegisteringTrunk,
  type RegistrationCore,
  type TrunkRegistrationStatus,
} from './trunk-registration.js';

/** A Trunk row as read from the database (the columns that decide whether kefu registers). */
export interface TrunkRow {
  id: string;
  name: string;
  direction: string;
  enabled: boolean;
  register: boolean;
  host: string | null;
  port: number | null;
  transport: string;
  username: string | null;
  password: string | null;
}

export interface TrunkRegistrationsOptions {
  core: RegistrationCore;
  expires?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  onStatus?(status: TrunkRegistrationStatus): void;
}

/** The registering trunk a row describes, or undefined when kefu should not register it. */
export function registeringTrunk(row: TrunkRow): RegisteringTrunk | undefined {
  const outbound = row.direction === 'outbound' || row.direction === 'both';
  if (!row.enabled || !row.register || !outbound || !row.host || !row.username || row.password === null)
    return undefined;
  const { id, name, host, port, transport, username, password } = row;
  return { id, name, host, port, transport, username, password };
}

/** One `TrunkRegistration` per trunk row with `register` set; `setTrunks` after every change. */
export class TrunkRegistrations {
  private readonly running = new Map<string, { key: string; registration: TrunkRegistration }>();

  constructor(private readonly options: TrunkRegistrationsOptions) {}

  /** Start new ones, restart changed ones, stop (unregister) removed or disabled ones. */
  setTrunks(rows: readonly TrunkRow[]): void {
    const wanted = new Map<string, RegisteringTrunk>();
    for (const row of rows) {
      const trunk = registeringTrunk(row);
      if (trunk) wanted.set(trunk.id, trunk);
    }
    for (const [id, entry] of this.running) {
      const trunk = wanted.get(id);
      if (trunk && JSON.stringify(trunk) === entry.key) continue;
      entry.registration.stop();
      this.running.delete(id);
    }
    for (const [id, trunk] of wanted) {
      if (this.running.has(id)) continue;
      const { core, expires, retryBaseMs, retryMaxMs, onStatus } = this.options;
      const registration = new TrunkRegistration({
        core,
        trunk,
        ...(expires !== undefined && { expires }),
        ...(retryBaseMs !== undefined && { retryBaseMs }),
        ...(retryMaxMs !== undefined && { retryMaxMs }),
      });
      if (onStatus) registration.delegate = { onStatus };
      this.running.set(id, { key: JSON.stringify(trunk), registration });
      registration.start();
    }
  }

  /** For the admin API: one entry per registering trunk. */
  statuses(): TrunkRegistrationStatus[] {
    return [...this.running.values()].map((e) => e.registration.status);
  }

  status(trunkId: string): TrunkRegistrationStatus | undefined {
    return this.running.get(trunkId)?.registration.status;
  }

  /** Unregister everything (server shutdown). */
  stop(): void {
    for (const entry of this.running.values()) entry.registration.stop();
    this.running.clear();
  }
}
