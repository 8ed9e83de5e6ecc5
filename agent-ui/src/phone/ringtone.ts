/** AudioContext.setSinkId (Chromium 110+) is not in every DOM typing yet. */
type SinkableContext = AudioContext & { setSinkId?(id: string): Promise<void> };
type SinkableAudio = HTMLAudioElement & { setSinkId?(id: string): Promise<void> };

/**
 * The ring of an incoming call, synthesised with WebAudio (no audio file to ship):
 * 440 + 480 Hz, 2 s on / 4 s off, the North American ring cadence (ITU-T E.180 Suppl. 2).
 *
 * The cadence is scheduled on the audio clock, minutes ahead: a tab in the background has its
 * timers slowed (to once a minute after five minutes hidden, in Chromium), never its audio.
 *
 * It can ring on an output of its own (a loudspeaker while the headset carries the call):
 * AudioContext.setSinkId where the browser has it, else the tones go through a MediaStream into
 * an <audio> element and HTMLMediaElement.setSinkId.
 */
export class Ringtone {
  private context: SinkableContext | null = null;
  private output: AudioNode | null = null;
  private element: SinkableAudio | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private preview: ReturnType<typeof setTimeout> | undefined;
  /** Audio-clock time the scheduled rings reach, and their gain nodes (re-routed on a device change). */
  private scheduledUntil = 0;
  private rings: GainNode[] = [];
  private device: string | null = null;
  /** The output the ring plays on now ('' = system default), once the browser accepted it. */
  sinkId = '';

  /** The ringer output (a deviceId from enumerateDevices, null = system default). */
  setDevice(deviceId: string | null): void {
    this.device = deviceId || null;
    if (this.context) void this.route(this.context);
  }

  start(): void {
    if (this.context) return;
    const ctx = this.open();
    if (!ctx) return; // No audio output: the visual ring is enough.
    // The first ring waits for the output to be switched (a few ms), not to sound on the wrong one.
    void this.route(ctx).then(() => this.schedule(ctx));
    this.timer = setInterval(() => this.schedule(ctx), 30_000);
  }

  /** One ring on the chosen output (the device settings' "Test ringer"). */
  test(): void {
    if (this.context) return;
    const ctx = this.open();
    if (!ctx) return;
    void this.route(ctx).then(() => this.burst(ctx, ctx.currentTime));
    this.preview = setTimeout(() => this.stop(), 2200);
  }

  stop(): void {
    clearInterval(this.timer);
    clearTimeout(this.preview);
    void this.context?.close().catch(() => {});
    if (this.element) {
      this.element.pause();
      this.element.srcObject = null;
    }
    this.context = null;
    this.output = null;
    this.element = null;
    this.scheduledUntil = 0;
    this.rings = [];
  }

  private open(): SinkableContext | null {
    try {
      this.context = new AudioContext();
    } catch {
      return null;
    }
    this.output = this.context.destination;
    return this.context;
  }

  private async route(ctx: SinkableContext): Promise<void> {
    const id = this.device ?? '';
    try {
      if (typeof ctx.setSinkId === 'function') {
        await ctx.setSinkId(id);
      } else if (id && typeof (HTMLMediaElement.prototype as SinkableAudio).setSinkId === 'function') {
        const dest = ctx.createMediaStreamDestination();
        const audio: SinkableAudio = new Audio();
        audio.srcObject = dest.stream;
        await audio.setSinkId!(id);
        void audio.play().catch(() => {});
        if (this.context !== ctx) return;
        this.element?.pause();
        this.element = audio;
        this.output = dest;
        for (const ring of this.rings) {
          ring.disconnect();
          ring.connect(dest);
        }
      } else {
        return;
      }
      if (this.context === ctx) this.sinkId = id;
    } catch {
      // The device went away: ring on the default output rather than not at all.
      this.sinkId = '';
    }
  }

  /** Rings for the next two minutes (the timer tops this up every 30 s, or at worst each minute). */
  private schedule(ctx: AudioContext): void {
    if (ctx !== this.context) return;
    const horizon = ctx.currentTime + 120;
    let at = Math.max(this.scheduledUntil, ctx.currentTime);
    for (; at < horizon; at += 6) this.burst(ctx, at);
    this.scheduledUntil = at;
  }

  /** One 2 s ring of 440 + 480 Hz starting at `at` (audio-clock seconds). */
  private burst(ctx: AudioContext, at: number): void {
    if (ctx !== this.context || !this.output) return;
    const gain = ctx.createGain();
    gain.gain.value = 0.1;
    gain.connect(this.output);
    for (const frequency of [440, 480]) {
      const osc = ctx.createOscillator();
      osc.frequency.value = frequency;
      osc.connect(gain);
      osc.start(at);
      osc.stop(at + 2);
    }
    this.rings.push(gain);
  }
}
