// Rolling-window occupancy: (talk + hold + wrap-up) / logged-in time over the last `windowMs`.
// Segments older than the window are pruned on every change, so a read touches only the few
// segments an agent produces in one window.

export type ActivityKind = 'off' | 'available' | 'busy';

const OFF = 0;
const AVAILABLE = 1;
const BUSY = 2;
const KIND_CODE: Record<ActivityKind, number> = { off: OFF, available: AVAILABLE, busy: BUSY };

export class OccupancyWindow {
  private starts: number[] = [];
  private kinds: number[] = [];
  private head = 0;
  private answers: number[] = [];
  private answersHead = 0;

  constructor(
    readonly windowMs: number,
    at: number,
  ) {
    this.starts.push(at);
    this.kinds.push(OFF);
  }

  /** The agent's activity changes at `at` (times must not go backwards). */
  record(at: number, kind: ActivityKind): void {
    const code = KIND_CODE[kind];
    if (this.kinds[this.kinds.length - 1] === code) return;
    this.starts.push(at);
    this.kinds.push(code);
    this.prune(at);
  }

  /** Counts a call answered at `at`, for the fewest-calls strategy. */
  recordAnswer(at: number): void {
    this.answers.push(at);
    this.prune(at);
  }

  occupancy(now: number): number {
    const from = now - this.windowMs;
    let busy = 0;
    let loggedIn = 0;
    const n = this.starts.length;
    for (let i = this.head; i < n; i++) {
      const end = i + 1 < n ? this.starts[i + 1]! : now;
      if (end <= from) continue;
      const span = end - Math.max(this.starts[i]!, from);
      const kind = this.kinds[i];
      if (kind === BUSY) busy += span;
      if (kind !== OFF) loggedIn += span;
    }
    return loggedIn > 0 ? busy / loggedIn : 0;
  }

  callsInWindow(now: number): number {
    const from = now - this.windowMs;
    let count = 0;
    for (let i = this.answersHead; i < this.answers.length; i++) if (this.answers[i]! > from) count++;
    return count;
  }

  private prune(now: number): void {
    const from = now - this.windowMs;
    while (this.head + 1 < this.starts.length && this.starts[this.head + 1]! <= from) this.head++;
    while (this.answersHead < this.answers.length && this.answers[this.answersHead]! <= from)
      this.answersHead++;
    if (this.head > 64) {
      this.starts = this.starts.slice(this.head);
      this.kinds = this.kinds.slice(this.head);
      this.head = 0;
    }
    if (this.answersHead > 64) {
      this.answers = this.answers.slice(this.answersHead);
      this.answersHead = 0;
    }
  }
}
