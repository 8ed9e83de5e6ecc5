// A MediaPlane stand-in for the IVR's pure-logic tests: it records play/stopPlay calls and lets
// the test decide when a play ends or fails. Everything else is outside the IVR's use and throws.
import {
  MediaPlaneError,
  type AddLegOptions,
  type LegRole,
  type LocalMediaDescription,
  type MediaDirection,
  type MediaPlane,
  type MediaPlaneDelegate,
  type MonitorOptions,
  type OfferLegOptions,
  type PlaySource,
  type RecordingOptions,
  type RecordingResult,
  type RemoteMediaDescription,
} from '../../rtp/media-plane.js';

export interface FakePlay {
  playId: string;
  sessionId: string;
  legId: string;
  path: string;
}

export type PlaneCall = `play ${string}` | `stop ${string}`;

export class FakeMediaPlane implements MediaPlane {
  readonly plays: FakePlay[] = [];
  /** Every play/stopPlay in the order the plane received them ("play <path>", "stop <legId>"). */
  readonly calls: PlaneCall[] = [];
  /** Return a rejection (or throw) for a play of this path. */
  failPlay: (path: string) => Error | null = () => null;
  /** Hold every play() answer until `releasePlays()`. */
  holdPlays = false;
  private held: Array<() => void> = [];
  private counter = 0;

  async play(sessionId: string, legId: string, source: PlaySource): Promise<string> {
    if (source.kind !== 'file') throw new Error('the IVR plays files');
    this.calls.push(`play ${source.path}`);
    const failure = this.failPlay(source.path);
    if (failure) throw failure;
    const play: FakePlay = { playId: `fake-${++this.counter}`, sessionId, legId, path: source.path };
    this.plays.push(play);
    if (this.holdPlays) await new Promise<void>((resolve) => this.held.push(resolve));
    return play.playId;
  }

  releasePlays(): void {
    const held = this.held;
    this.held = [];
    for (const resolve of held) resolve();
  }

  async stopPlay(_sessionId: string, legId: string): Promise<void> {
    this.calls.push(`stop ${legId}`);
  }

  lastPlay(): FakePlay {
    const last = this.plays.at(-1);
    if (!last) throw new Error('nothing was played');
    return last;
  }

  setDelegate = unused;
  createSession = unused;
  addLeg = unused;
  offerLeg = unused;
  updateLeg = unused;
  removeLeg = unused;
  watchMedia = unused;
  bridge = unused;
  unbridge = unused;
  playDtmf = unused;
  startRecording = unused;
  pauseRecording = unused;
  resumeRecording = unused;
  stopRecording = unused;
  monitor = unused;
  stopMonitor = unused;
  destroySession = unused;
  close = unused;
}

function unused(): never {
  throw new Error('not used by the IVR runner');
}

// ── A whole-call plane for call control's tests ─────────────────────────────────────────────
// Sessions, legs, bridges and plays are kept as plain data, so a test can ask what the caller
// hears (a bridge to which leg, music on hold) without RTP. Each leg gets its own port on one
// address: the SDP call control writes from it says which leg it came from.

/** One leg as the plane holds it. */
export interface FakePlaneLeg {
  legId: string;
  role: LegRole | undefined;
  /** Our side (what goes into SDP towards the party). */
  local: LocalMediaDescription;
  /** The party's last description; undefined while our offer is unanswered. */
  remote: RemoteMediaDescription | undefined;
}

export interface FakePlaneSession {
  id: string;
  legs: Map<string, FakePlaneLeg>;
  /** Bridged pairs, each as "legA|legB" in sorted order. */
  bridges: Set<string>;
  /** What each leg hears played: a file path, or "music" (samples, e.g. music on hold). */
  playing: Map<string, string>;
  recording: RecordingOptions | undefined;
}

type G711Codec = LocalMediaDescription['codec'];
const PCMU: G711Codec = { payloadType: 0, encoding: 'PCMU', clockRate: 8000 };
const PCMA: G711Codec = { payloadType: 8, encoding: 'PCMA', clockRate: 8000 };
const G711 = [PCMU, PCMA];
const MIRRORED: Readonly<Record<MediaDirection, MediaDirection>> = {
  sendrecv: 'sendrecv',
  sendonly: 'recvonly',
  recvonly: 'sendonly',
  inactive: 'inactive',
};
const pair = (a: string, b: string) => [a, b].sort().join('|');

export class FakeCallMediaPlane implements MediaPlane {
  delegate: MediaPlaneDelegate = {};
  /** Every operation in order: "create s", "add s caller", "offer s agent-1", "bridge s caller agent-1"… */
  readonly ops: string[] = [];
  /** Sessions destroyed so far, by id. */
  readonly destroyed: string[] = [];
  /**
   * Operations that wait until `release()` (a plane in a worker, slow to answer): e.g.
   * `plane.slow.add('bridge')` opens a window between an agent's answer and the bridge.
   */
  readonly slow = new Set<'add' | 'offer' | 'update' | 'bridge' | 'remove'>();
  /** The RTP port range is exhausted: new legs fail with `no-ports`, as the embedded plane's do. */
  outOfPorts = false;
  private readonly sessions = new Map<string, FakePlaneSession>();
  private waiting: Array<() => void> = [];
  private nextPort = 40_000;
  private plays = 0;
  private readonly samples = new Map<string, Int16Array>();

  constructor(readonly address = '203.0.113.10') {}

  session(sessionId: string): FakePlaneSession | undefined {
    return this.sessions.get(sessionId);
  }

  leg(sessionId: string, legId: string): FakePlaneLeg | undefined {
    return this.sessions.get(sessionId)?.legs.get(legId);
  }

  /** Legs `legId` is bridged to. */
  bridgedTo(sessionId: string, legId: string): string[] {
    const s = this.sessions.get(sessionId);
    if (!s) return [];
    return [...s.bridges]
      .map((p) => p.split('|'))
      .flatMap(([a, b]) => (a === legId ? [b!] : b === legId ? [a!] : []));
  }

  playingTo(sessionId: string, legId: string): string | undefined {
    return this.sessions.get(sessionId)?.playing.get(legId);
  }

  /** The samples last played to a leg (music on hold), by identity. */
  samplesPlayedTo(sessionId: string, legId: string): Int16Array | undefined {
    return this.samples.get(`${sessionId}|${legId}`);
  }

  get liveSessions(): number {
    return this.sessions.size;
  }

  /** Operations held by `slow` go on (and later ones no longer wait). */
  release(): void {
    this.slow.clear();
    for (const resume of this.waiting.splice(0)) resume();
  }

  private async gate(op: 'add' | 'offer' | 'update' | 'bridge' | 'remove'): Promise<void> {
    if (this.slow.has(op)) await new Promise<void>((resume) => this.waiting.push(resume));
  }

  setDelegate(delegate: MediaPlaneDelegate): void {
    this.delegate = delegate;
  }

  async createSession(options?: { sessionId?: string }): Promise<string> {
    const id = options?.sessionId ?? `session-${this.sessions.size + this.destroyed.length + 1}`;
    this.ops.push(`create ${id}`);
    this.sessions.set(id, {
      id,
      legs: new Map(),
      bridges: new Set(),
      playing: new Map(),
      recording: undefined,
    });
    return id;
  }

  async addLeg(
    sessionId: string,
    remote: RemoteMediaDescription,
    options: AddLegOptions = {},
  ): Promise<LocalMediaDescription> {
    await this.gate('add');
    if (this.outOfPorts) throw new MediaPlaneError('no-ports', 'RTP port range exhausted');
    const s = this.get(sessionId);
    const legId = options.legId ?? `leg-${s.legs.size + 1}`;
    this.ops.push(`add ${sessionId} ${legId}`);
    const codec = this.codecFor(remote);
    const local: LocalMediaDescription = {
      legId,
      localAddress: options.localAddress ?? this.address,
      localPort: this.port(),
      codec,
      telephoneEvent: { payloadType: 101, clockRate: 8000 },
      ptimeMs: 20,
      transport: remote.transport ?? 'RTP/AVP',
      direction: MIRRORED[remote.direction ?? 'sendrecv'],
    };
    s.legs.set(legId, { legId, role: options.role, local, remote });
    return local;
  }

  async offerLeg(sessionId: string, options: OfferLegOptions): Promise<LocalMediaDescription> {
    await this.gate('offer');
    if (this.outOfPorts) throw new MediaPlaneError('no-ports', 'RTP port range exhausted');
    const s = this.get(sessionId);
    const legId = options.legId ?? `leg-${s.legs.size + 1}`;
    this.ops.push(`offer ${sessionId} ${legId}`);
    const codecs = options.preferredCodec === 'PCMA' ? [PCMA, PCMU] : [PCMU, PCMA];
    const local: LocalMediaDescription = {
      legId,
      localAddress: options.localAddress ?? this.address,
      localPort: this.port(),
      codec: { ...codecs[0]! },
      offeredCodecs: codecs.map((c) => ({ ...c })),
      telephoneEvent: { payloadType: 101, clockRate: 8000 },
      ptimeMs: 20,
      transport: options.transport,
      direction: 'sendrecv',
    };
    s.legs.set(legId, { legId, role: options.role, local, remote: undefined });
    return local;
  }

  async updateLeg(
    sessionId: string,
    legId: string,
    remote: RemoteMediaDescription,
  ): Promise<LocalMediaDescription> {
    await this.gate('update');
    const leg = this.getLeg(sessionId, legId);
    this.ops.push(`update ${sessionId} ${legId}`);
    leg.local = {
      ...leg.local,
      codec: this.codecFor(remote),
      direction: MIRRORED[remote.direction ?? 'sendrecv'],
    };
    delete leg.local.offeredCodecs;
    leg.remote = remote;
    return leg.local;
  }

  async watchMedia(sessionId: string, legId: string): Promise<void> {
    this.get(sessionId);
    this.ops.push(`watch ${sessionId} ${legId}`);
  }

  async removeLeg(sessionId: string, legId: string): Promise<void> {
    await this.gate('remove');
    const s = this.get(sessionId);
    this.ops.push(`remove ${sessionId} ${legId}`);
    s.legs.delete(legId);
    s.playing.delete(legId);
    for (const p of [...s.bridges]) if (p.split('|').includes(legId)) s.bridges.delete(p);
  }

  async bridge(sessionId: string, legA: string, legB: string): Promise<void> {
    await this.gate('bridge');
    this.getLeg(sessionId, legA);
    this.getLeg(sessionId, legB);
    this.ops.push(`bridge ${sessionId} ${legA} ${legB}`);
    this.get(sessionId).bridges.add(pair(legA, legB));
  }

  async unbridge(sessionId: string, legA: string, legB?: string): Promise<void> {
    const s = this.get(sessionId);
    this.ops.push(`unbridge ${sessionId} ${legA}${legB ? ` ${legB}` : ''}`);
    for (const p of [...s.bridges]) {
      const legs = p.split('|');
      if (legs.includes(legA) && (legB === undefined || legs.includes(legB))) s.bridges.delete(p);
    }
  }

  async play(sessionId: string, legId: string, source: PlaySource): Promise<string> {
    this.getLeg(sessionId, legId);
    const what = source.kind === 'file' ? source.path : 'music';
    if (source.kind === 'samples') this.samples.set(`${sessionId}|${legId}`, source.samples);
    this.ops.push(`play ${sessionId} ${legId} ${what}`);
    this.get(sessionId).playing.set(legId, what);
    return `play-${++this.plays}`;
  }

  async stopPlay(sessionId: string, legId: string): Promise<void> {
    this.ops.push(`stop ${sessionId} ${legId}`);
    this.get(sessionId).playing.delete(legId);
  }

  async playDtmf(sessionId: string, legId: string, digits: string): Promise<void> {
    this.getLeg(sessionId, legId);
    this.ops.push(`dtmf ${sessionId} ${legId} ${digits}`);
  }

  async startRecording(sessionId: string, options: RecordingOptions): Promise<void> {
    this.ops.push(`record ${sessionId}`);
    this.get(sessionId).recording = options;
  }

  async pauseRecording(sessionId: string): Promise<void> {
    this.get(sessionId);
  }

  async resumeRecording(sessionId: string): Promise<void> {
    this.get(sessionId);
  }

  async stopRecording(sessionId: string): Promise<RecordingResult> {
    const s = this.get(sessionId);
    if (!s.recording) throw new MediaPlaneError('bad-state', 'not recording');
    const { path } = s.recording;
    s.recording = undefined;
    return { path, durationMs: 0, pausedMs: 0 };
  }

  async monitor(sessionId: string, options: MonitorOptions): Promise<void> {
    this.ops.push(`monitor ${sessionId} ${options.supervisorLegId} ${options.mode}`);
  }

  async stopMonitor(sessionId: string, supervisorLegId: string): Promise<void> {
    this.ops.push(`unmonitor ${sessionId} ${supervisorLegId}`);
  }

  async destroySession(sessionId: string): Promise<RecordingResult | null> {
    const s = this.get(sessionId);
    this.ops.push(`destroy ${sessionId}`);
    this.sessions.delete(sessionId);
    this.destroyed.push(sessionId);
    return s.recording ? { path: s.recording.path, durationMs: 0, pausedMs: 0 } : null;
  }

  async close(): Promise<void> {
    this.sessions.clear();
  }

  private get(sessionId: string): FakePlaneSession {
    const s = this.sessions.get(sessionId);
    if (!s) throw new MediaPlaneError('no-session', `no session ${sessionId}`);
    return s;
  }

  private getLeg(sessionId: string, legId: string): FakePlaneLeg {
    const leg = this.get(sessionId).legs.get(legId);
    if (!leg) throw new MediaPlaneError('no-leg', `no leg ${legId} in ${sessionId}`);
    return leg;
  }

  private port(): number {
    const port = this.nextPort;
    this.nextPort += 2;
    return port;
  }

  /** The first G.711 codec of the party's list, as the embedded plane chooses. */
  private codecFor(remote: RemoteMediaDescription): LocalMediaDescription['codec'] {
    if (remote.transport && remote.transport !== 'RTP/AVP' && remote.transport !== 'UDP/TLS/RTP/SAVPF')
      throw new MediaPlaneError('unsupported-transport', `transport ${String(remote.transport)}`);
    for (const pt of remote.payloadTypes) {
      const codec = G711.find((c) =>
        pt.encoding ? c.encoding === pt.encoding.toUpperCase() : c.payloadType === pt.payloadType,
      );
      if (codec) return { payloadType: pt.payloadType, encoding: codec.encoding, clockRate: 8000 };
    }
    throw new MediaPlaneError('no-common-codec', 'no G.711 in the offer');
  }
}
