// Even RTP ports in [min, max]; the odd port above each stays free for RTCP
// (RFC 3550 §11, https://www.rfc-editor.org/rfc/rfc3550#section-11).
// Next-fit allocation: a released port goes to the back of the line, so late packets of an
// ended call are unlikely to land in a new call on the same port.

export interface RtpPortRange {
  min: number;
  max: number;
}

export function rtpPortRangeFromEnv(env: Record<string, string | undefined> = process.env): RtpPortRange {
  const min = Number(env.RTP_PORT_MIN ?? 20000);
  const max = Number(env.RTP_PORT_MAX ?? 30000);
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1024 || max > 65535 || min >= max) {
    throw new RangeError(`bad RTP port range ${env.RTP_PORT_MIN}-${env.RTP_PORT_MAX}`);
  }
  return { min, max };
}

export class RtpPortAllocator {
  private readonly first: number;
  private readonly used: Uint8Array;
  private cursor = 0;
  private inUse = 0;

  constructor(range: RtpPortRange = { min: 20000, max: 30000 }) {
    this.first = range.min + (range.min & 1); // round up to even
    const lastEven = range.max - 1 - ((range.max - 1) & 1); // port+1 must stay inside the range
    if (lastEven < this.first) throw new RangeError(`empty RTP port range ${range.min}-${range.max}`);
    this.used = new Uint8Array((lastEven - this.first) / 2 + 1);
  }

  get capacity(): number {
    return this.used.length;
  }

  get allocated(): number {
    return this.inUse;
  }

  /** An even port, or null when the range is exhausted. */
  allocate(): number | null {
    const n = this.used.length;
    if (this.inUse === n) return null;
    for (let i = 0; i < n; i++) {
      const slot = (this.cursor + i) % n;
      if (this.used[slot] === 0) {
        this.used[slot] = 1;
        this.inUse++;
        this.cursor = (slot + 1) % n;
        return this.first + slot * 2;
      }
    }
    return null;
  }

  /** Releasing a port twice or one outside the range is a no-op (returns false). */
  release(port: number): boolean {
    const offset = port - this.first;
    if (offset < 0 || offset & 1) return false;
    const slot = offset / 2;
    if (slot >= this.used.length || this.used[slot] === 0) return false;
    this.used[slot] = 0;
    this.inUse--;
    return true;
  }
}
