/**
 * Highest nonce-count seen per nonce, so a captured Authorization cannot be replayed while its nonce
 * is still fresh: "the server ... keeps track of the nc values it has seen and refuses a request whose
 * nc is not greater" (https://www.rfc-editor.org/rfc/rfc7616#section-3.4.5,
 * https://www.rfc-editor.org/rfc/rfc2617#section-3.2.2). Entries live as long as their nonce is valid.
 */
export class NonceCounts {
  /** nonce → highest nc accepted, in first-use order (≈ issue order, so expiry pruning is from the head). */
  private readonly seen = new Map<string, { nc: number; forgetAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get size(): number {
    return this.seen.size;
  }

  /**
   * Record `nc` (8 hex digits, RFC 7616 §3.4) for an already verified request. False when it is not
   * higher than one accepted before for the same nonce, i.e. a replay.
   */
  accept(nonce: string, ncHex: string): boolean {
    this.prune();
    const nc = /^[0-9a-f]{8}$/i.test(ncHex) ? parseInt(ncHex, 16) : NaN;
    if (!(nc > 0)) return false;
    const entry = this.seen.get(nonce);
    if (entry && nc <= entry.nc) return false;
    // A nonce lives at most ttlMs after issue, so ttlMs after first use bounds it too.
    if (entry) entry.nc = nc;
    else this.seen.set(nonce, { nc, forgetAt: this.now() + this.ttlMs });
    return true;
  }

  private prune(): void {
    const now = this.now();
    for (const [nonce, entry] of this.seen) {
      if (entry.forgetAt > now) break;
      this.seen.delete(nonce);
    }
  }
}
