import type { CallControlDeps } from './call-control-deps.js';
import type { Clock } from '../clock/index.js';
import { holdMusicFor } from './hold-music.js';
import { CALLER_LEG, type InboundCall } from './inbound-call.js';

type AnnouncementDeps = Pick<CallControlDeps, 'acd' | 'log' | 'promptPath' | 'store' | 'holdMusic'>;

const ANNOUNCEMENT_MAX_MS = 20_000;

type Language = 'zh-CN' | 'en';

/**
 * What the server itself says to a caller outside the IVR: catalogue prompts played one after
 * another (overflow to voicemail or call-back), and, while an answered caller waits in a queue,
 * their place in line and the queue's average wait every `everyMs`, between stretches of music.
 */
export class CallerAnnouncements {
  /** Callers being announced to: the next announcement's timer and the listener to drop. */
  private readonly waiting = new Map<InboundCall, { timer: unknown; unwatch(): void }>();

  constructor(
    private readonly deps: AnnouncementDeps,
    /** 0: no queue announcements. */
    private readonly everyMs: number,
    private readonly clock: Clock,
  ) {}

  /** Plays the prompts to the caller in turn and waits for the end (a prompt not built is skipped). */
  async play(call: InboundCall, ids: readonly string[], language: Language): Promise<void> {
    for (const id of ids) {
      const path = this.deps.promptPath?.(id, language);
      if (!path || !call.media || call.ended) continue;
      const playId = await call.media.announce(CALLER_LEG, path);
      await new Promise<void>((resolve) => {
        // The plane reports the end (call control routes it here); a lost report must not strand the caller.
        const timer = this.clock.setTimeout(resolve, ANNOUNCEMENT_MAX_MS);
        call.announcement = {
          playId,
          done: () => {
            this.clock.clearTimeout(timer);
            call.announcement = undefined;
            resolve();
          },
        };
      });
    }
  }

  /** The caller was answered and now waits in a queue: announce until they leave it. */
  queued(call: InboundCall): void {
    if (this.everyMs <= 0 || this.waiting.has(call)) return;
    // The queue's own interval (the administration's; 0 = never), else the server's.
    const ownMs = (queueId: string | undefined) => {
      const seconds = queueId ? this.deps.acd.engine.queue(queueId)?.announceEverySeconds : undefined;
      return seconds === undefined ? this.everyMs : seconds * 1000;
    };
    if (ownMs(call.arrival?.queueId) <= 0) return;
    const unwatch = call.lifecycle.onChange(({ to }) => {
      if (to !== 'queued') this.stop(call);
    });
    const next = () => {
      const entry = this.waiting.get(call);
      if (!entry) return;
      entry.timer = this.clock.setTimeout(
        () => {
          next();
          void this.announcePlace(call).catch((err: unknown) =>
            this.deps.log('warn', 'queue announcement failed', { callId: call.id, err: String(err) }),
          );
        },
        ownMs(call.arrival?.queueId) || this.everyMs,
      );
    };
    this.waiting.set(call, { timer: undefined, unwatch });
    next();
  }

  stop(call: InboundCall): void {
    const entry = this.waiting.get(call);
    if (!entry) return;
    this.clock.clearTimeout(entry.timer);
    entry.unwatch();
    this.waiting.delete(call);
  }

  private async announcePlace(call: InboundCall): Promise<void> {
    const place = this.deps.acd.waitingPosition(call.id);
    // Being offered to an agent right now (not waiting) or already announcing: nothing to say.
    if (!place || call.announcement || call.carrier.pending || !call.media) return;
    const ids = [place.position <= 9 ? `queue_position_${place.position}` : 'queue_position_more'];
    // The expected wait is the queue's average speed of answer so far, in whole minutes.
    const minutes = place.asaMs === null ? null : Math.max(1, Math.round(place.asaMs / 60_000));
    if (minutes !== null) ids.push(minutes <= 9 ? `queue_wait_${minutes}` : 'queue_wait_more');
    this.deps.store.event(call.id, 'queue_announcement', { position: place.position, waitMinutes: minutes });
    await this.play(call, ids, call.arrival?.language === 'en' ? 'en' : 'zh-CN');
    // Back to the music, unless an agent took the call meanwhile (connect stopped the prompt).
    if (call.state === 'queued') await call.media.hold(CALLER_LEG, holdMusicFor(call, this.deps.holdMusic));
  }
}
