// A call's media: its legs, who hears whom (bridge, listen/whisper/barge), what is played to each
// leg, and the recording. Runs on the shared media ticker in two phases per tick — every leg first
// pulls its received frame, then every leg sends the mix of what it hears — so one received frame
// can feed several listeners (bridge peer, supervisor, recorder) without copies.
import { dtmfToneSequence } from './dtmf-tone.js';
import { CallRecorder, type CallRecorderOptions, type RecordingSummary } from './call-recorder.js';
import type { DtmfSource, MediaLeg, MediaLegDelegate } from './media-leg.js';
import { FRAME_SAMPLES, type MediaTicker, type MediaTickListener } from './media-ticker.js';
import type { MonitorOptions } from './media-plane.js';
import { PromptPlayer } from './prompt-player.js';
import { eventCodeToDigit, type DtmfDigit, type TelephoneEvent } from './telephone-event.js';

export type PlayEndReason = 'finished' | 'stopped' | 'replaced';

export interface MediaSessionDelegate {
  onDtmf?(legId: string, digit: DtmfDigit, source: DtmfSource): void;
  onPlayDone?(legId: string, playId: string, reason: PlayEndReason): void;
  onMediaTimeout?(legId: string): void;
}

interface LegSlot {
  id: string;
  leg: MediaLeg;
  /** Legs whose received audio is mixed into this leg's output (recomputed on topology change). */
  hears: LegSlot[];
  player: PromptPlayer | null;
  rxValid: boolean;
}

// Scratch buffers shared by all sessions: ticks are synchronous and never interleave.
const mixAccumulator = new Int32Array(FRAME_SAMPLES);
const mixOut = new Int16Array(FRAME_SAMPLES);
const playerFrame = new Int16Array(FRAME_SAMPLES);

export class MediaSession implements MediaTickListener {
  private readonly slots = new Map<string, LegSlot>();
  private readonly order: LegSlot[] = [];
  private readonly bridges = new Set<string>();
  private readonly monitors = new Map<string, MonitorOptions>();
  private recorder: CallRecorder | null = null;
  private recordCaller: LegSlot | null = null;
  private recordAgent: LegSlot | null = null;
  private destroyed = false;
  /** `${peerLegId}:${eventTimestamp}` of the last event regenerated in-band (end packets repeat). */
  private lastInbandForward = '';

  constructor(
    readonly id: string,
    private readonly ticker: MediaTicker,
    private readonly delegate: MediaSessionDelegate = {},
  ) {
    ticker.add(this);
  }

  get legIds(): string[] {
    return this.order.map((s) => s.id);
  }

  getLeg(legId: string): MediaLeg {
    return this.slot(legId).leg;
  }

  private slot(legId: string): LegSlot {
    const s = this.slots.get(legId);
    if (!s) throw new Error(`no leg ${legId} in session ${this.id}`);
    return s;
  }

  /** Adds an opened leg. The leg's delegate should route to `legDelegate(legId)`. */
  addLeg(legId: string, leg: MediaLeg): void {
    if (this.slots.has(legId)) throw new Error(`leg ${legId} already in session ${this.id}`);
    const slot: LegSlot = { id: legId, leg, hears: [], player: null, rxValid: false };
    this.slots.set(legId, slot);
    this.order.push(slot);
  }

  /** Callbacks to give a leg so its events reach this session. */
  legDelegate(legId: string): MediaLegDelegate {
    return {
      onDtmf: (digit: DtmfDigit, source: DtmfSource) => this.delegate.onDtmf?.(legId, digit, source),
      onMediaTimeout: () => this.delegate.onMediaTimeout?.(legId),
      onTelephoneEvent: (timestamp: number, ev: TelephoneEvent) => this.forwardEvent(legId, timestamp, ev),
    };
  }

  async removeLeg(legId: string): Promise<void> {
    const slot = this.slot(legId);
    this.stopPlay(legId);
    for (const key of [...this.bridges]) if (key.split('\n').includes(legId)) this.bridges.delete(key);
    for (const [sup, m] of [...this.monitors]) {
      if (sup === legId || m.callerLegId === legId || m.agentLegId === legId) this.monitors.delete(sup);
    }
    if (this.recordCaller === slot) this.recordCaller = null;
    if (this.recordAgent === slot) this.recordAgent = null;
    this.slots.delete(legId);
    this.order.splice(this.order.indexOf(slot), 1);
    this.rebuildTopology();
    await slot.leg.close();
  }

  bridge(a: string, b: string): void {
    this.slot(a);
    this.slot(b);
    if (a === b) throw new Error('cannot bridge a leg to itself');
    this.bridges.add([a, b].sort().join('\n'));
    // The agent channel follows the caller to whoever they are bridged to next (a transfer
    // target, an agent back after a reload); until then it records silence.
    if (this.recorder && !this.recordAgent) {
      if (this.recordCaller === this.slot(a)) this.recordAgent = this.slot(b);
      else if (this.recordCaller === this.slot(b)) this.recordAgent = this.slot(a);
    }
    this.rebuildTopology();
  }

  /** Removes the bridge between a and b, or every bridge of a when b is omitted. */
  unbridge(a: string, b?: string): void {
    for (const key of [...this.bridges]) {
      const [x, y] = key.split('\n');
      if ((x === a || y === a) && (b === undefined || x === b || y === b)) this.bridges.delete(key);
    }
    this.rebuildTopology();
  }

  monitor(targets: MonitorOptions): void {
    this.slot(targets.supervisorLegId);
    this.slot(targets.callerLegId);
    this.slot(targets.agentLegId);
    this.monitors.set(targets.supervisorLegId, targets);
    this.rebuildTopology();
  }

  stopMonitor(supervisorLegId: string): void {
    this.monitors.delete(supervisorLegId);
    this.rebuildTopology();
  }

  private rebuildTopology(): void {
    const hears = new Map<LegSlot, Set<LegSlot>>(this.order.map((s) => [s, new Set<LegSlot>()]));
    const link = (listener: string, speaker: string) => {
      const l = this.slots.get(listener);
      const s = this.slots.get(speaker);
      if (l && s) hears.get(l)?.add(s);
    };
    for (const key of this.bridges) {
      const [a, b] = key.split('\n') as [string, string];
      link(a, b);
      link(b, a);
    }
    for (const m of this.monitors.values()) {
      link(m.supervisorLegId, m.callerLegId);
      link(m.supervisorLegId, m.agentLegId);
      if (m.mode !== 'listen') link(m.agentLegId, m.supervisorLegId);
      if (m.mode === 'barge') link(m.callerLegId, m.supervisorLegId);
    }
    for (const [slot, set] of hears) {
      const next = [...set];
      if (next.length !== slot.hears.length || next.some((s, i) => s !== slot.hears[i]))
        slot.leg.markSourceChange();
      slot.hears = next;
    }
  }

  /** Plays PCM16 8 kHz samples to a leg (replacing what it was playing); returns the play id. */
  play(legId: string, playId: string, samples: Int16Array, loop = false): void {
    const slot = this.slot(legId);
    if (slot.player) this.endPlay(slot, 'replaced');
    slot.player = new PromptPlayer(playId, samples, loop);
    slot.leg.markSourceChange();
  }

  stopPlay(legId: string): boolean {
    const slot = this.slot(legId);
    if (!slot.player) return false;
    this.endPlay(slot, 'stopped');
    return true;
  }

  private endPlay(slot: LegSlot, reason: PlayEndReason): void {
    const player = slot.player;
    if (!player) return;
    slot.player = null;
    slot.leg.markSourceChange();
    this.delegate.onPlayDone?.(slot.id, player.id, reason);
  }

  /** RFC 4733 if the leg negotiated telephone-event, else in-band tones played like a prompt. */
  playDtmf(
    legId: string,
    playId: string,
    digits: readonly DtmfDigit[],
    durationMs = 100,
  ): 'rfc4733' | 'inband' {
    const slot = this.slot(legId);
    if (slot.leg.sendDigits(digits, durationMs)) return 'rfc4733';
    this.play(legId, playId, dtmfToneSequence(digits, { durationMs, gapMs: 60 }));
    return 'inband';
  }

  /** Events received on one leg go to the legs bridged with it (RFC 4733 end to end). */
  private forwardEvent(fromLegId: string, timestamp: number, ev: TelephoneEvent): void {
    const from = this.slots.get(fromLegId);
    if (!from) return;
    for (const key of this.bridges) {
      const [a, b] = key.split('\n') as [string, string];
      const peerId = a === fromLegId ? b : b === fromLegId ? a : null;
      if (peerId === null) continue;
      const peer = this.slots.get(peerId);
      if (!peer) continue;
      if (!peer.leg.forwardTelephoneEvent(timestamp, ev) && ev.end && !peer.player) {
        // The peer has no telephone-event: regenerate the digit in-band, once (first end packet).
        const digit = eventCodeToDigit(ev.event);
        if (digit && this.lastInbandForward !== `${peerId}:${timestamp}`) {
          this.lastInbandForward = `${peerId}:${timestamp}`;
          this.play(
            peerId,
            `dtmf-forward-${timestamp}`,
            dtmfToneSequence([digit], { durationMs: 100, gapMs: 20 }),
          );
        }
      }
    }
  }

  startRecording(options: CallRecorderOptions & { callerLegId: string; agentLegId: string }): void {
    if (this.recorder) throw new Error(`session ${this.id} is already recording`);
    this.recordCaller = this.slot(options.callerLegId);
    this.recordAgent = this.slot(options.agentLegId);
    this.recorder = new CallRecorder(options);
  }

  setRecordingPaused(paused: boolean): void {
    if (!this.recorder) throw new Error(`session ${this.id} is not recording`);
    this.recorder.paused = paused;
  }

  get recording(): boolean {
    return this.recorder !== null;
  }

  async stopRecording(): Promise<RecordingSummary> {
    const recorder = this.recorder;
    if (!recorder) throw new Error(`session ${this.id} is not recording`);
    this.recorder = null;
    return recorder.stop();
  }

  onTick(): void {
    const order = this.order;
    for (let i = 0; i < order.length; i++) {
      const slot = order[i] as LegSlot;
      slot.rxValid = slot.leg.pullFrame();
    }
    if (this.recorder) {
      const c = this.recordCaller;
      const a = this.recordAgent;
      this.recorder.writeFrame(c?.rxValid ? c.leg.rxFrame : null, a?.rxValid ? a.leg.rxFrame : null);
    }
    for (let i = 0; i < order.length; i++) this.sendTo(order[i] as LegSlot);
  }

  private sendTo(slot: LegSlot): void {
    let single: Int16Array | null = null;
    let count = 0;
    const hears = slot.hears;
    for (let h = 0; h < hears.length; h++) {
      const src = hears[h] as LegSlot;
      if (!src.rxValid) continue;
      single = src.leg.rxFrame;
      count++;
    }
    let playing = false;
    if (slot.player) {
      playing = slot.player.read(playerFrame);
      if (playing) {
        single = playerFrame;
        count++;
      } else this.endPlay(slot, 'finished');
    }
    if (count <= 1) {
      // Idle (nothing to hear, nothing to play) sends silence; a bridged leg whose peer's frame
      // is late sends nothing this tick.
      slot.leg.sendFrame(single, count === 0 && hears.length === 0);
      return;
    }
    mixAccumulator.fill(0);
    for (let h = 0; h < hears.length; h++) {
      const src = hears[h] as LegSlot;
      if (src.rxValid) addInto(mixAccumulator, src.leg.rxFrame);
    }
    if (playing) addInto(mixAccumulator, playerFrame);
    for (let i = 0; i < FRAME_SAMPLES; i++) {
      const v = mixAccumulator[i] as number;
      mixOut[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
    }
    slot.leg.sendFrame(mixOut, false);
  }

  /** Stops the clock, finalises the recording (if any) and closes every leg. */
  async destroy(): Promise<RecordingSummary | null> {
    if (this.destroyed) return null;
    this.destroyed = true;
    this.ticker.remove(this);
    for (const slot of this.order) if (slot.player) this.endPlay(slot, 'stopped');
    const summary = this.recorder ? await this.stopRecording().catch(() => null) : null;
    await Promise.all(this.order.map((s) => s.leg.close()));
    this.slots.clear();
    this.order.length = 0;
    return summary;
  }
}

function addInto(acc: Int32Array, frame: Int16Array): void {
  for (let i = 0; i < FRAME_SAMPLES; i++) acc[i] = (acc[i] as number) + (frame[i] as number);
}
