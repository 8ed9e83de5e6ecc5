// MediaPlane on rtpengine (ng protocol). rtpengine relays media between the two sides of SIP
// offer/answer exchanges; kefu's legs are independent (the IVR answers the carrier long before an
// agent exists, agents come and go on transfer). The mapping:
//
// - A session is one rtpengine call (call-id = session id) with two sides, "a" and "b". A leg
//   occupies a side. Each occupant (and each placeholder) gets a fresh rtpengine tag ("b3"): a
//   re-offer to a REUSED tag makes rtpengine start DTLS as the active side even when asked to be
//   passive, which breaks a browser agent that follows a parked or transferred one.
// - An empty side is "parked": a placeholder SDP (sendrecv, port 9) stands in for the party.
// - addLeg (the party offers, e.g. the carrier's INVITE): offer from its slot, then answer at once
//   on behalf of the other slot (its occupant's last SDP, or the park SDP) → our answer, now.
// - offerLeg (we offer, e.g. to an agent): offer FROM the other slot (its occupant's SDP trimmed to
//   the codec already agreed, or the park SDP) TO the new slot, with the new party's transport
//   flags → our offer. updateLeg with the party's answer completes that exchange.
// - removeLeg parks the slot again (re-offer/answer with the park SDP). `port latching` keeps
//   rtpengine's ports, so the remaining party never needs a re-INVITE.
// - Legs are not bridged until bridge(): media from both slots is blocked (`block media`) until then.
// - A third party (supervisor) does not fit two slots: monitor() fails with 'bad-state'.
import { randomUUID } from 'node:crypto';
import { access, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  MediaPlaneError,
  type AddLegOptions,
  type LegRole,
  type LocalMediaDescription,
  type MediaPlane,
  type MediaPlaneDelegate,
  type MediaTransport,
  type MonitorOptions,
  type OfferLegOptions,
  type PlayOptions,
  type PlaySource,
  type RecordingOptions,
  type RecordingResult,
  type RemoteMediaDescription,
} from '../rtp/media-plane.js';
import { isDtmfDigit } from '../rtp/telephone-event.js';
import { writeWav } from '../rtp/wav.js';
import { DtmfLogListener, type DtmfLogEvent } from './dtmf-log-listener.js';
import { NgClient, type NgCommand, type NgParams } from './ng-client.js';
import { ngOptionsTowards, toMediaPlaneError } from './ng-flags.js';
import { pcapToStereoWav } from './pcap-to-wav.js';
import {
  encodingOf,
  parkSdp,
  parseSdpAudio,
  renderRemoteSdp,
  restrictPayloadTypes,
  type SdpCodec,
} from './sdp-text.js';

export interface RtpengineMediaPlaneOptions {
  ng: { host: string; port: number };
  /** rtpengine's RTP interface address (also where the DTMF log socket binds). */
  interfaceAddress: string;
  /** rtpengine's --dtmf-log-dest port; without it there is no onDtmf. */
  dtmfLogPort?: number;
  /** rtpengine's --recording-dir (pcap method); without it recording fails with 'bad-state'. */
  recordingDir?: string;
  /** Default media timeout per leg, 0 = off (polled with `query`). */
  mediaTimeoutMs?: number;
  pollIntervalMs?: number;
  /** play media / play DTMF fail until media has flowed: retries, doubling from firstDelayMs. */
  retry?: { attempts: number; firstDelayMs: number };
  injectDtmf?: boolean;
  now?: () => number;
}

type Side = 'a' | 'b';

interface Slot {
  legId: string;
  role: LegRole | undefined;
  transport: MediaTransport;
  /** What the party sent last (offer or answer); '' while our offer awaits its answer. */
  remoteSdp: string;
  /** Payload types agreed with the party (codec + telephone-event). */
  agreed: number[];
  /** The SDP we gave the party. */
  localSdp: string;
  mediaTimeoutMs: number;
  timedOut: boolean;
}

interface Playback {
  playId: string;
  timer: ReturnType<typeof setTimeout> | undefined;
  tempFile: string | undefined;
}

interface Recording {
  options: RecordingOptions;
  startedAtMs: number;
  pausedAtMs: number | undefined;
  pauses: Array<{ fromMs: number; toMs: number }>;
}

interface Session {
  id: string;
  slots: Partial<Record<Side, Slot>>;
  /** The rtpengine tag currently standing for each side (occupant or placeholder). */
  tags: Partial<Record<Side, string>>;
  generation: number;
  /** The rtpengine call exists (first offer sent). */
  created: boolean;
  bridged: boolean;
  version: number;
  plays: Map<string, Playback>;
  recording: Recording | undefined;
  /** Injected digits rtpengine will echo in its DTMF log, per generating slot: not caller input. */
  injected: Array<{ tag: string; digit: string }>;
}

const OTHER: Readonly<Record<Side, Side>> = { a: 'b', b: 'a' };
const LOOP_REPEATS = 100_000;

export class RtpengineMediaPlane implements MediaPlane {
  private readonly ng: NgClient;
  private readonly sessions = new Map<string, Session>();
  private delegate: MediaPlaneDelegate = {};
  private dtmfLog: DtmfLogListener | undefined;
  private poller: ReturnType<typeof setInterval> | undefined;
  private playCounter = 0;
  private readonly now: () => number;

  private constructor(private readonly options: RtpengineMediaPlaneOptions) {
    this.ng = new NgClient(options.ng);
    this.now = options.now ?? Date.now;
  }

  /** Connects the ng client, opens the DTMF log socket and starts the media-timeout poll. */
  static async open(options: RtpengineMediaPlaneOptions): Promise<RtpengineMediaPlane> {
    const plane = new RtpengineMediaPlane(options);
    if (options.dtmfLogPort !== undefined)
      plane.dtmfLog = await DtmfLogListener.open(options.interfaceAddress, options.dtmfLogPort, (e) =>
        plane.onDtmfLog(e),
      );
    plane.poller = setInterval(() => void plane.pollMediaTimeouts(), options.pollIntervalMs ?? 5000);
    plane.poller.unref();
    return plane;
  }

  setDelegate(delegate: MediaPlaneDelegate): void {
    this.delegate = delegate;
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  async createSession(options: { sessionId?: string } = {}): Promise<string> {
    const id = options.sessionId ?? randomUUID();
    if (this.sessions.has(id)) throw new MediaPlaneError('bad-state', `session ${id} exists`);
    this.sessions.set(id, {
      id,
      slots: {},
      tags: {},
      generation: 0,
      created: false,
      bridged: false,
      version: 1,
      plays: new Map(),
      recording: undefined,
      injected: [],
    });
    return id;
  }

  async addLeg(
    sessionId: string,
    remote: RemoteMediaDescription,
    options: AddLegOptions = {},
  ): Promise<LocalMediaDescription> {
    const s = this.session(sessionId);
    const side = this.freeSide(s, options.legId);
    const sdp = this.remoteSdp(s, remote);
    const slot = this.newSlot(options, remote.transport ?? 'RTP/AVP');
    slot.remoteSdp = sdp;
    this.freshTag(s, side);
    const answer = await this.exchangeFrom(s, side, sdp, slot.transport, slot.role);
    s.slots[side] = slot;
    slot.localSdp = answer;
    slot.agreed = agreedPayloadTypes(answer);
    await this.applyBlocking(s);
    return describe(slot.legId, answer, slot.transport);
  }

  async offerLeg(sessionId: string, options: OfferLegOptions): Promise<LocalMediaDescription> {
    const s = this.session(sessionId);
    const side = this.freeSide(s, options.legId);
    const from = OTHER[side];
    const slot = this.newSlot(options, options.transport);
    const offer = await this.call(s, 'offer', {
      ...ngOptionsTowards(options.transport, this.flagOptions, 'offer'),
      'from-tag': this.tagOf(s, from),
      'to-tag': this.freshTag(s, side),
      sdp: this.sdpOf(s, from, options.preferredCodec),
      label: s.slots[from]?.role ?? 'park',
    });
    s.slots[side] = slot;
    slot.localSdp = offer;
    await this.applyBlocking(s);
    const local = describe(slot.legId, offer, options.transport);
    const offered = parseSdpAudio(offer)?.payloadTypes ?? [];
    local.offeredCodecs = offered.flatMap((pt) => {
      const encoding = encodingOf(pt);
      return encoding === 'PCMU' || encoding === 'PCMA'
        ? [{ payloadType: pt.payloadType, encoding, clockRate: 8000 as const }]
        : [];
    });
    return local;
  }

  async updateLeg(
    sessionId: string,
    legId: string,
    remote: RemoteMediaDescription,
  ): Promise<LocalMediaDescription> {
    const s = this.session(sessionId);
    const side = this.sideOf(s, legId);
    const slot = s.slots[side]!;
    const sdp = this.remoteSdp(s, remote);
    if (slot.remoteSdp === '') {
      // The answer to our offerLeg: completes the exchange the other side started.
      const from = OTHER[side];
      await this.call(s, 'answer', {
        ...ngOptionsTowards(s.slots[from]?.transport ?? 'RTP/AVP', this.flagOptions, 'answer'),
        'from-tag': this.tagOf(s, from),
        'to-tag': this.tagOf(s, side),
        sdp,
      });
      slot.remoteSdp = sdp;
      slot.agreed = agreedPayloadTypes(sdp);
      await this.applyBlocking(s);
      return describe(legId, slot.localSdp, slot.transport);
    }
    // A re-offer from the party (re-INVITE: hold, new address).
    slot.remoteSdp = sdp;
    slot.localSdp = await this.exchangeFrom(s, side, sdp, slot.transport, slot.role);
    slot.agreed = agreedPayloadTypes(slot.localSdp);
    await this.applyBlocking(s);
    return describe(legId, slot.localSdp, slot.transport);
  }

  async removeLeg(sessionId: string, legId: string): Promise<void> {
    const s = this.session(sessionId);
    const side = this.sideOf(s, legId);
    await this.stopPlayback(s, legId, 'stopped');
    delete s.slots[side];
    s.bridged = false;
    const other = s.slots[OTHER[side]];
    if (!other) {
      await this.deleteCall(s);
      return;
    }
    // Park the side: the remaining party re-offers its agreed media to a new placeholder.
    this.freshTag(s, side);
    if (other.remoteSdp !== '')
      await this.exchangeFrom(s, OTHER[side], this.sdpOf(s, OTHER[side]), other.transport, other.role);
    await this.applyBlocking(s);
  }

  async bridge(sessionId: string, legA: string, legB: string): Promise<void> {
    const s = this.session(sessionId);
    if (this.sideOf(s, legA) === this.sideOf(s, legB))
      throw new MediaPlaneError('bad-state', 'cannot bridge a leg with itself');
    s.bridged = true;
    await this.applyBlocking(s);
  }

  async unbridge(sessionId: string, legA: string, legB?: string): Promise<void> {
    const s = this.session(sessionId);
    this.sideOf(s, legA);
    if (legB !== undefined) this.sideOf(s, legB);
    s.bridged = false;
    await this.applyBlocking(s);
  }

  async play(
    sessionId: string,
    legId: string,
    source: PlaySource,
    options: PlayOptions = {},
  ): Promise<string> {
    const s = this.session(sessionId);
    const side = this.sideOf(s, legId);
    let file: string;
    let tempFile: string | undefined;
    if (source.kind === 'file') {
      file = path.resolve(source.path);
      await access(file).catch(() => {
        throw new MediaPlaneError('bad-prompt', `cannot read prompt ${source.path}`);
      });
    } else {
      tempFile = path.join(tmpdir(), `kefu-prompt-${randomUUID()}.wav`);
      await writeFile(tempFile, writeWav({ sampleRate: 8000, channels: 1, samples: source.samples }));
      file = tempFile;
    }
    await this.stopPlayback(s, legId, 'replaced');
    const playId = `play-${++this.playCounter}`;
    let reply;
    try {
      reply = await this.callWithRetry(s, 'playMedia', {
        'from-tag': this.tagOf(s, side),
        file,
        'repeat-times': options.loop ? LOOP_REPEATS : 1,
      });
    } catch (err) {
      if (tempFile) await unlink(tempFile).catch(() => {});
      throw err;
    }
    const playback: Playback = { playId, timer: undefined, tempFile };
    const duration = typeof reply.duration === 'number' ? reply.duration : undefined;
    if (!options.loop && duration !== undefined)
      playback.timer = setTimeout(() => void this.finishPlayback(s, legId, playId), duration);
    s.plays.set(legId, playback);
    return playId;
  }

  async stopPlay(sessionId: string, legId: string): Promise<void> {
    const s = this.session(sessionId);
    this.sideOf(s, legId);
    await this.stopPlayback(s, legId, 'stopped');
  }

  async playDtmf(
    sessionId: string,
    legId: string,
    digits: string,
    options: { durationMs?: number } = {},
  ): Promise<void> {
    const s = this.session(sessionId);
    const side = this.sideOf(s, legId);
    const list = [...digits.toUpperCase()];
    if (!list.every(isDtmfDigit)) throw new MediaPlaneError('bad-state', `not DTMF digits: ${digits}`);
    // rtpengine injects DTMF into the stream a participant SENDS: the leg hears it from its peer.
    if (!s.slots[OTHER[side]])
      throw new MediaPlaneError('bad-state', `leg ${legId} has no peer whose stream could carry DTMF`);
    for (const digit of list) {
      const generator = this.tagOf(s, OTHER[side]);
      s.injected.push({ tag: generator, digit });
      await this.callWithRetry(s, 'playDTMF', {
        'from-tag': generator,
        code: digit,
        duration: Math.max(100, options.durationMs ?? 160),
      });
    }
  }

  async startRecording(sessionId: string, options: RecordingOptions): Promise<void> {
    const s = this.session(sessionId);
    this.sideOf(s, options.callerLegId);
    this.sideOf(s, options.agentLegId);
    if (!this.options.recordingDir)
      throw new MediaPlaneError('bad-state', 'rtpengine runs without --recording-dir: no recording');
    if (s.recording) throw new MediaPlaneError('bad-state', `session ${sessionId} is already recording`);
    await this.call(s, 'startRecording', {});
    s.recording = { options, startedAtMs: this.now(), pausedAtMs: undefined, pauses: [] };
  }

  async pauseRecording(sessionId: string): Promise<void> {
    const r = this.recordingOf(sessionId);
    r.pausedAtMs ??= this.now();
  }

  async resumeRecording(sessionId: string): Promise<void> {
    const r = this.recordingOf(sessionId);
    if (r.pausedAtMs !== undefined) r.pauses.push({ fromMs: r.pausedAtMs, toMs: this.now() });
    r.pausedAtMs = undefined;
  }

  async stopRecording(sessionId: string): Promise<RecordingResult> {
    const s = this.session(sessionId);
    const r = this.recordingOf(sessionId);
    s.recording = undefined;
    const stoppedAtMs = this.now();
    if (r.pausedAtMs !== undefined) r.pauses.push({ fromMs: r.pausedAtMs, toMs: stoppedAtMs });
    // Slots are looked up before the ng call: a leg removed since start has no port to match.
    const portOf = (legId: string) => {
      const slot = Object.values(s.slots).find((x) => x.legId === legId);
      return slot ? (parseSdpAudio(slot.localSdp)?.port ?? -1) : -1;
    };
    await this.call(s, 'stopRecording', {});
    const pcapFile = await this.newestPcap(s.id);
    const pcap = pcapFile ? await readFile(pcapFile) : Buffer.alloc(0);
    const wav = pcapToStereoWav({
      pcap,
      callerPort: portOf(r.options.callerLegId),
      agentPort: portOf(r.options.agentLegId),
      startedAtMs: r.startedAtMs,
      stoppedAtMs,
      pauses: r.pauses,
    });
    await writeFile(r.options.path, wav.stereo);
    if (r.options.mixedPath) await writeFile(r.options.mixedPath, wav.mixed);
    if (pcapFile) await rm(pcapFile, { force: true });
    const result: RecordingResult = {
      path: r.options.path,
      durationMs: wav.durationMs,
      pausedMs: wav.pausedMs,
    };
    if (r.options.mixedPath) result.mixedPath = r.options.mixedPath;
    return result;
  }

  async monitor(_sessionId: string, _options: MonitorOptions): Promise<void> {
    throw new MediaPlaneError(
      'bad-state',
      'monitoring is not available on the rtpengine engine: a session holds two parties (one offer/answer pair)',
    );
  }

  async stopMonitor(_sessionId: string, _supervisorLegId: string): Promise<void> {
    throw new MediaPlaneError('bad-state', 'monitoring is not available on the rtpengine engine');
  }

  async destroySession(sessionId: string): Promise<RecordingResult | null> {
    const s = this.sessions.get(sessionId);
    if (!s) return null;
    let result: RecordingResult | null = null;
    try {
      if (s.recording) result = await this.stopRecording(sessionId);
    } finally {
      for (const legId of [...s.plays.keys()]) await this.stopPlayback(s, legId, 'stopped', false);
      this.sessions.delete(sessionId);
      await this.deleteCall(s);
    }
    return result;
  }

  async close(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((id) => this.destroySession(id)));
    if (this.poller) clearInterval(this.poller);
    await this.dtmfLog?.close();
    this.ng.close();
  }

  // ---- internals ----

  private get flagOptions() {
    return { injectDtmf: this.options.injectDtmf ?? true };
  }

  private session(sessionId: string): Session {
    const s = this.sessions.get(sessionId);
    if (!s) throw new MediaPlaneError('no-session', `no media session ${sessionId}`);
    return s;
  }

  private sideOf(s: Session, legId: string): Side {
    if (s.slots.a?.legId === legId) return 'a';
    if (s.slots.b?.legId === legId) return 'b';
    throw new MediaPlaneError('no-leg', `no leg ${legId} in ${s.id}`);
  }

  /** A new rtpengine tag for `side` (see the header: tags are never re-offered to). */
  private freshTag(s: Session, side: Side): string {
    const tag = `${side}${++s.generation}`;
    s.tags[side] = tag;
    return tag;
  }

  private tagOf(s: Session, side: Side): string {
    return s.tags[side] ?? this.freshTag(s, side);
  }

  private freeSide(s: Session, legId: string | undefined): Side {
    if (legId !== undefined && (s.slots.a?.legId === legId || s.slots.b?.legId === legId))
      throw new MediaPlaneError('bad-state', `leg ${legId} exists`);
    if (!s.slots.a) return 'a';
    if (!s.slots.b) return 'b';
    throw new MediaPlaneError(
      'bad-state',
      `session ${s.id} already has two legs (the rtpengine engine's limit)`,
    );
  }

  private newSlot(options: AddLegOptions, transport: MediaTransport): Slot {
    return {
      legId: options.legId ?? randomUUID(),
      role: options.role,
      transport,
      remoteSdp: '',
      agreed: [],
      localSdp: '',
      mediaTimeoutMs: options.mediaTimeoutMs ?? this.options.mediaTimeoutMs ?? 0,
      timedOut: false,
    };
  }

  /** SDP text of a remote description; checks what rtpengine would pass through unchecked. */
  private remoteSdp(s: Session, remote: RemoteMediaDescription): string {
    if (remote.rawSdp === undefined && remote.transport === 'UDP/TLS/RTP/SAVPF')
      throw new MediaPlaneError(
        'unsupported-transport',
        'a WebRTC description needs its raw SDP (ICE, DTLS)',
      );
    const sdp = remote.rawSdp ?? renderRemoteSdp(remote, ++s.version);
    const audio = parseSdpAudio(sdp);
    if (!audio) throw new MediaPlaneError('bad-address', 'no m=audio section in the SDP');
    if (!audio.payloadTypes.some((pt) => g711(pt.payloadType, encodingOf(pt), pt.clockRate)))
      throw new MediaPlaneError('no-common-codec', 'no PCMU or PCMA in the offer');
    if (audio.address !== undefined && !/^\d{1,3}(\.\d{1,3}){3}$/.test(audio.address))
      throw new MediaPlaneError('bad-address', `unsupported media address ${audio.address}`);
    return sdp;
  }

  /**
   * The SDP slot `tag` presents when it offers or answers on behalf of its party: the party's own
   * SDP trimmed to the agreed codec, or the park SDP for an empty slot.
   */
  private sdpOf(s: Session, tag: Side, preferred: 'PCMU' | 'PCMA' = 'PCMU', offer?: string): string {
    const slot = s.slots[tag];
    if (slot && slot.remoteSdp !== '') return restrictPayloadTypes(slot.remoteSdp, slot.agreed);
    const codecs: SdpCodec[] = [];
    const offered = offer ? parseSdpAudio(offer)?.payloadTypes : undefined;
    if (offered) {
      // Answering an offer: its first G.711 codec and its telephone-event/8000.
      const codec = offered.find((pt) => g711(pt.payloadType, encodingOf(pt), pt.clockRate));
      const te = offered.find(
        (pt) => pt.encoding?.toLowerCase() === 'telephone-event' && pt.clockRate === 8000,
      );
      for (const pt of [codec, te])
        if (pt)
          codecs.push({
            payloadType: pt.payloadType,
            encoding: encodingOf(pt) ?? pt.encoding!,
            clockRate: 8000,
          });
    } else {
      for (const encoding of preferred === 'PCMU' ? ['PCMU', 'PCMA'] : ['PCMA', 'PCMU'])
        codecs.push({ payloadType: encoding === 'PCMU' ? 0 : 8, encoding, clockRate: 8000 });
      codecs.push({ payloadType: 101, encoding: 'telephone-event', clockRate: 8000 });
    }
    return parkSdp(this.options.interfaceAddress, codecs, ++s.version);
  }

  /** Offer from `side` with `sdp`, answered at once for the other side → the answer for `side`. */
  private async exchangeFrom(
    s: Session,
    side: Side,
    sdp: string,
    transport: MediaTransport,
    role: LegRole | undefined,
  ): Promise<string> {
    const to = OTHER[side];
    const tags = { 'from-tag': this.tagOf(s, side), 'to-tag': this.tagOf(s, to) };
    await this.call(s, 'offer', {
      ...ngOptionsTowards(s.slots[to]?.transport ?? 'RTP/AVP', this.flagOptions, 'offer'),
      ...tags,
      sdp,
      label: role ?? 'party',
    });
    return this.call(s, 'answer', {
      ...ngOptionsTowards(transport, this.flagOptions, 'answer'),
      ...tags,
      sdp: this.sdpOf(s, to, 'PCMU', sdp),
    });
  }

  /** Media from each present slot flows only while bridged. */
  private async applyBlocking(s: Session): Promise<void> {
    for (const side of ['a', 'b'] as const)
      if (s.slots[side]?.remoteSdp)
        await this.call(s, s.bridged ? 'unblockMedia' : 'blockMedia', { 'from-tag': this.tagOf(s, side) });
  }

  private async call(s: Session, command: 'offer' | 'answer', params: NgParams): Promise<string>;
  private async call(
    s: Session,
    command: Exclude<NgCommand, 'offer' | 'answer'>,
    params: NgParams,
  ): Promise<void>;
  private async call(s: Session, command: NgCommand, params: NgParams): Promise<string | void> {
    try {
      const reply = await this.ng.send(command, { 'call-id': s.id, ...params });
      if (command === 'offer' || command === 'answer') {
        s.created = true;
        if (typeof reply.sdp !== 'string')
          throw new MediaPlaneError('bad-state', `rtpengine ${command}: no SDP`);
        return reply.sdp;
      }
    } catch (err) {
      throw toMediaPlaneError(err);
    }
  }

  /** play media / play DTMF: rtpengine refuses until it has seen media on the leg; back off and retry. */
  private async callWithRetry(s: Session, command: NgCommand, params: NgParams) {
    const { attempts, firstDelayMs } = this.options.retry ?? { attempts: 6, firstDelayMs: 50 };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.ng.send(command, { 'call-id': s.id, ...params });
      } catch (err) {
        if (attempt >= attempts || !this.sessions.has(s.id)) throw toMediaPlaneError(err);
        await new Promise((r) => setTimeout(r, firstDelayMs * 2 ** (attempt - 1)));
      }
    }
  }

  private async stopPlayback(
    s: Session,
    legId: string,
    reason: 'stopped' | 'replaced',
    tellEngine = true,
  ): Promise<void> {
    const playback = s.plays.get(legId);
    if (!playback) return;
    s.plays.delete(legId);
    if (playback.timer) clearTimeout(playback.timer);
    const side = s.slots.a?.legId === legId ? 'a' : s.slots.b?.legId === legId ? 'b' : undefined;
    const tag = side && s.tags[side];
    if (tellEngine && tag)
      await this.ng.send('stopMedia', { 'call-id': s.id, 'from-tag': tag }).catch(() => {});
    if (playback.tempFile) await unlink(playback.tempFile).catch(() => {});
    this.delegate.onPlayDone?.({ sessionId: s.id, legId, playId: playback.playId, reason });
  }

  private async finishPlayback(s: Session, legId: string, playId: string): Promise<void> {
    const playback = s.plays.get(legId);
    if (playback?.playId !== playId) return;
    s.plays.delete(legId);
    if (playback.tempFile) await unlink(playback.tempFile).catch(() => {});
    this.delegate.onPlayDone?.({ sessionId: s.id, legId, playId, reason: 'finished' });
  }

  private recordingOf(sessionId: string): Recording {
    const r = this.session(sessionId).recording;
    if (!r) throw new MediaPlaneError('bad-state', `session ${sessionId} is not recording`);
    return r;
  }

  /** rtpengine names captures `<call-id>-<random>.pcap` in `<recording-dir>/pcaps`. */
  private async newestPcap(callId: string): Promise<string | undefined> {
    const dir = path.join(this.options.recordingDir!, 'pcaps');
    const names = (await readdir(dir).catch(() => [])).filter(
      (n) => n.startsWith(`${callId}-`) && n.endsWith('.pcap'),
    );
    const withTimes = await Promise.all(
      names.map(async (n) => ({ n, t: (await stat(path.join(dir, n))).mtimeMs })),
    );
    const newest = withTimes.sort((x, y) => y.t - x.t)[0];
    return newest ? path.join(dir, newest.n) : undefined;
  }

  private async deleteCall(s: Session): Promise<void> {
    if (!s.created) return;
    s.created = false;
    await this.ng.send('delete', { 'call-id': s.id, 'delete delay': 0 }).catch(() => {});
  }

  private onDtmfLog(event: DtmfLogEvent): void {
    const s = this.sessions.get(event.callId);
    if (!s) return;
    const i = s.injected.findIndex((x) => x.tag === event.sourceTag && x.digit === event.digit);
    if (i >= 0) {
      s.injected.splice(i, 1); // our own playDtmf, echoed by the log
      return;
    }
    const side = (['a', 'b'] as const).find((x) => s.tags[x] === event.sourceTag);
    const slot = side && s.slots[side];
    if (slot)
      this.delegate.onDtmf?.({ sessionId: s.id, legId: slot.legId, digit: event.digit, source: 'rfc4733' });
  }

  /** rtpengine's `query` reports each stream's last received packet (UNIX seconds). */
  private async pollMediaTimeouts(): Promise<void> {
    for (const s of this.sessions.values()) {
      const watched = (['a', 'b'] as const).filter((t) => {
        const slot = s.slots[t];
        return slot && slot.mediaTimeoutMs > 0 && !slot.timedOut && slot.remoteSdp !== '';
      });
      if (watched.length === 0 || !s.created) continue;
      const reply = await this.ng.send('query', { 'call-id': s.id }).catch(() => undefined);
      for (const tag of watched) {
        const slot = s.slots[tag]!;
        const last = lastPacketSeconds(reply?.tags, this.tagOf(s, tag));
        // Whole seconds: count from the end of that second, so the timeout never fires early.
        if (last === undefined || this.now() - (last + 1) * 1000 < slot.mediaTimeoutMs) continue;
        slot.timedOut = true;
        this.delegate.onMediaTimeout?.({ sessionId: s.id, legId: slot.legId });
      }
    }
  }
}

function g711(payloadType: number, encoding: string | undefined, clockRate: number | undefined): boolean {
  return (encoding === 'PCMU' || encoding === 'PCMA') && (clockRate ?? 8000) === 8000 && payloadType >= 0;
}

/** The first G.711 payload type and telephone-event/8000 of an answer. */
function agreedPayloadTypes(sdp: string): number[] {
  const pts = parseSdpAudio(sdp)?.payloadTypes ?? [];
  const codec = pts.find((pt) => g711(pt.payloadType, encodingOf(pt), pt.clockRate));
  const te = pts.find((pt) => pt.encoding?.toLowerCase() === 'telephone-event' && pt.clockRate === 8000);
  return [codec, te].flatMap((pt) => (pt ? [pt.payloadType] : []));
}

function describe(legId: string, sdp: string, transport: MediaTransport): LocalMediaDescription {
  const audio = parseSdpAudio(sdp);
  if (!audio) throw new MediaPlaneError('bad-state', 'rtpengine returned SDP without audio');
  const codecPt = audio.payloadTypes.find((pt) => g711(pt.payloadType, encodingOf(pt), pt.clockRate));
  if (!codecPt) throw new MediaPlaneError('no-common-codec', 'no PCMU or PCMA in the negotiated SDP');
  const te = audio.payloadTypes.find(
    (pt) => pt.encoding?.toLowerCase() === 'telephone-event' && pt.clockRate === 8000,
  );
  const local: LocalMediaDescription = {
    legId,
    localAddress: audio.address ?? '0.0.0.0',
    localPort: audio.port,
    codec: {
      payloadType: codecPt.payloadType,
      encoding: encodingOf(codecPt) as 'PCMU' | 'PCMA',
      clockRate: 8000,
    },
    ptimeMs: audio.ptimeMs ?? 20,
    transport,
    direction: audio.direction,
    rawSdp: sdp,
  };
  if (te) local.telephoneEvent = { payloadType: te.payloadType, clockRate: 8000 };
  return local;
}

function lastPacketSeconds(tags: unknown, tag: string): number | undefined {
  const medias = (tags as Record<string, { medias?: Array<{ streams?: Array<Record<string, unknown>> }> }>)?.[
    tag
  ]?.medias;
  const last = medias?.[0]?.streams?.[0]?.['last packet'];
  return typeof last === 'number' ? last : undefined;
}
