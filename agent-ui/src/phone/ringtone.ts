/**
 * The ring of an incoming call, synthesised with WebAudio (no audio file to ship):
 * 440 + 480 Hz, 2 s on / 4 s off, the North American ring cadence (ITU-T E.180 Suppl. 2).
 */
export class Ringtone {
  private context: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;

  start(): void {
    if (this.context) return;
    try {
      this.context = new AudioContext();
    } catch {
      return; // No audio output: the visual ring is enough.
    }
    this.burst();
    this.timer = setInterval(() => this.burst(), 6000);
  }

  stop(): void {
    clearInterval(this.timer);
    void this.context?.close().catch(() => {});
    this.context = null;
  }

  private burst(): void {
    const ctx = this.context;
    if (!ctx) return;
    const gain = ctx.createGain();
    gain.gain.value = 0.1;
    gain.connect(ctx.destination);
    for (const frequency of [440, 480]) {
      const osc = ctx.createOscillator();
      osc.frequency.value = frequency;
      osc.connect(gain);
      osc.start();
      osc.stop(ctx.currentTime + 2);
    }
  }
}
