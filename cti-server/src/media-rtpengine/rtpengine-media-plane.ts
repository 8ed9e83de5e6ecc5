// MediaPlane on rtpengine (ng protocol). rtpengine relays media between the two sides of SIP
// offer/answer exchanges; kefu's legs are independent (the IVR answers the carrier long before an
// agent exists, agents come and go on transfer). The mapping:
//
// - A session is one rtpengine call (call-id = session id) with two sides, "a" and "b". A leg
//   occupies a side. Each occupant (and each placeholder) gets a fresh rtpengine tag ("b3"): a
//   re-offer to a REUSED tag makes rtpengine start DTLS as the active side even when asked to be
//   passive, which breaks a browser agent that follows a parked or transferred one.
// - An empty side is "parked": a placeholder SDP (sendrecv, port 9) stands in for the party.
// - addLeg (the party offers, e.g. the carrier's INVITE): offer from its side, then answer at once
//   on behalf of the other side (its occupant's last SDP, or the park SDP) → our answer, now.
// - offerLeg (we offer, e.g. to an agent): offer FROM the other side (its occupant's SDP trimmed to
//   the codec already agreed, or the park SDP) TO the new side, with the new party's transport
//   flags → our offer. updateLeg with the party's answer completes that exchange.
// - removeLeg parks the side again (re-offer/answer with the park SDP). `port latching` keeps
//   rtpengine's ports, so the remaining party never needs a re-INVITE.
// - Legs are not bridged until bridge(): media from both sides is blocked (`block media`) until then.
// - A third party (supervisor) does not fit two sides: monitor() fails with 'bad-state'.
import { randomUUID } from 'node:crypto';
import { unlink } from 'node:fs/promises';
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
import { DtmfLogListener, type DtmfLogEvent } from './dtmf-log-listener.js';
import { NgClient, type NgCommand, type NgParams } from './ng-client.js';
import { ngOptionsTowards, toMediaPlaneError } from './ng-flags.js';
import { agreedPayloadTypes, describeLocal, firstG711, placeholderCodecs } from './local-description.js';
import { PcapRecording } from './pcap-recording.js';
import { promptFile } from './prompt-file.js';
import {
  answerDirection,
  encodingOf,
  parkSdp,
  parseSdpAudio,
  renderRemoteSdp,
  restrictPayloadTypes,
} from './sdp-text.js';
import { OTHER, SIDES, TwoSidedCall, type Party, type Playback, type Side } from './two-sided-call.js';

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

const LOOP_REPEATS = 100_000;

export class RtpengineMediaPlane implements MediaPlane {
  private readonly ng: NgClient;
  private readonly sessions = new Map<string, TwoSidedCall>();
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
    plane.poller = setInterval(
      () => plane.pollMediaTimeouts().catch(() => {}),
      options.pollIntervalMs ?? 5000,
    );
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
    this.sessions.set(id, new TwoSidedCall(id));
    return id;
  }

  async addLeg(
    sessionId: string,
    remote: RemoteMediaDescription,
    options: AddLegOptions = {},
  ): Promise<LocalMediaDescription> {
    const s = this.session(sessionId);
    const side = s.freeSide(options.legId);
    const sdp = this.remoteSdp(s, remote);
    const party = this.newParty(options, remote.transport ?? 'RTP/AVP');
    party.remoteSdp = sdp;
    s.freshTag(side);
    const answer = await this.exchangeFrom(s, side, sdp, party.transport, party.role);
    s.parties[side] = party;
    party.localSdp = answer;
    party.agreed = agreedPayloadTypes(answer);
    await this.applyBlocking(s);
    return describeLocal(party.legId, answer, party.transport);
  }

  async offerLeg(sessionId: string, options: OfferLegOptions): Promise<LocalMediaDescription> {
    const s = this.session(sessionId);
    const side = s.freeSide(options.legId);
    const from = OTHER[side];
    const party = this.newParty(options, options.transport);
    const offer = await this.call(s, 'offer', {
      ...ngOptionsTowards(options.transport, this.flagOptions, 'offer'),
      'from-tag': s.tagOf(from),
      'to-tag': s.freshTag(side),
      sdp: this.sdpOf(s, from, options.preferredCodec),
      label: s.parties[from]?.role ?? 'park',
    });
    s.parties[side] = party;
    party.localSdp = offer;
    await this.applyBlocking(s);
    const local = describeLocal(party.legId, offer, options.transport);
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
    const side = s.sideOf(legId);
    const party = s.parties[side]!;
    const sdp = this.remoteSdp(s, remote);
    if (party.remoteSdp === '') {
      // The answer to our offerLeg: completes the exchange the other side started.
      const from = OTHER[side];
      await this.call(s, 'answer', {
        ...ngOptionsTowards(s.parties[from]?.transport ?? 'RTP/AVP', this.flagOptions, 'answer'),
        'from-tag': s.tagOf(from),
        'to-tag': s.tagOf(side),
        sdp,
      });
      party.remoteSdp = sdp;
      party.agreed = agreedPayloadTypes(sdp);
      await this.applyBlocking(s);
      return describeLocal(legId, party.localSdp, party.transport);
    }
    // A re-offer from the party (re-INVITE: hold, new address).
    party.remoteSdp = sdp;
    party.localSdp = await this.exchangeFrom(s, side, sdp, party.transport, party.role);
    party.agreed = agreedPayloadTypes(party.localSdp);
    await this.applyBlocking(s);
    return describeLocal(legId, party.localSdp, party.transport);
  }

  async watchMedia(sessionId: string, legId: string): Promise<void> {
    const party = this.session(sessionId).partyOf(legId);
    if (party) party.watching = true;
  }

  async removeLeg(sessionId: string, legId: string): Promise<void> {
    const s = this.session(sessionId);
    const side = s.sideOf(legId);
    await this.stopPlayback(s, legId, 'stopped');
    delete s.parties[side];
    s.bridged = false;
    const other = s.parties[OTHER[side]];
    if (!other) {
      await this.deleteCall(s);
      return;
    }
    // Park the side: the remaining party re-offers its agreed media to a new placeholder.
    s.freshTag(side);
    if (other.remoteSdp !== '')
      await this.exchangeFrom(s, OTHER[side], this.sdpOf(s, OTHER[side]), other.transport, other.role);
    await this.applyBlocking(s);
  }

  async bridge(sessionId: string, legA: string, legB: string): Promise<void> {
    const s = this.session(sessionId);
    if (s.sideOf(legA) === s.sideOf(legB))
      throw new MediaPlaneError('bad-state', 'cannot bridge a leg with itself');
    s.bridged = true;
    await this.applyBlocking(s);
  }

  async unbridge(sessionId: string, legA: string, legB?: string): Promise<void> {
    const s = this.session(sessionId);
    s.sideOf(legA);
    if (legB !== undefined) s.sideOf(legB);
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
    const side = s.sideOf(legId);
    const { file, temporary } = await promptFile(source);
    const tempFile = temporary ? file : undefined;
    await this.stopPlayback(s, legId, 'replaced');
    const playId = `play-${++this.playCounter}`;
    let reply;
    try {
      reply = await this.callWithRetry(s, 'playMedia', {
        'from-tag': s.tagOf(side),
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
      playback.timer = setTimeout(() => this.finishPlayback(s, legId, playId).catch(() => {}), duration);
    s.plays.set(legId, playback);
    return playId;
  }

  async stopPlay(sessionId: string, legId: string): Promise<void> {
    const s = this.session(sessionId);
    s.sideOf(legId);
    await this.stopPlayback(s, legId, 'stopped');
  }

  async playDtmf(
    sessionId: string,
    legId: string,
    digits: string,
    options: { durationMs?: number } = {},
  ): Promise<void> {
    const s = this.session(sessionId);
    const side = s.sideOf(legId);
    const list = [...digits.toUpperCase()];
    if (!list.every(isDtmfDigit)) throw new MediaPlaneError('bad-state', `not DTMF digits: ${digits}`);
    // rtpengine injects DTMF into the stream a participant SENDS: the leg hears it from its peer.
    if (!s.parties[OTHER[side]])
      throw new MediaPlaneError('bad-state', `leg ${legId} has no peer whose stream could carry DTMF`);
    for (const digit of list) {
      const generator = s.tagOf(OTHER[side]);
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
    s.sideOf(options.callerLegId);
    s.sideOf(options.agentLegId);
    if (!this.options.recordingDir)
      throw new MediaPlaneError('bad-state', 'rtpengine runs without --recording-dir: no recording');
    if (s.recording) throw new MediaPlaneError('bad-state', `session ${sessionId} is already recording`);
    await this.call(s, 'startRecording', {});
    s.recording = new PcapRecording(options, this.options.recordingDir, this.now());
  }

  async pauseRecording(sessionId: string): Promise<void> {
    this.recordingOf(this.session(sessionId)).pause(this.now());
  }

  async resumeRecording(sessionId: string): Promise<void> {
    this.recordingOf(this.session(sessionId)).resume(this.now());
  }

  async stopRecording(sessionId: string): Promise<RecordingResult> {
    const s = this.session(sessionId);
    const recording = this.recordingOf(s);
    s.recording = undefined;
    const stoppedAtMs = this.now();
    // Ports now: a leg removed since the start has none (its audio is then not placed).
    const portOf = (legId: string) => parseSdpAudio(s.partyOf(legId)?.localSdp ?? '')?.port ?? -1;
    const ports = {
      caller: portOf(recording.options.callerLegId),
      agent: portOf(recording.options.agentLegId),
    };
    await this.call(s, 'stopRecording', {});
    return recording.finish(s.id, stoppedAtMs, ports);
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

  private session(sessionId: string): TwoSidedCall {
    const s = this.sessions.get(sessionId);
    if (!s) throw new MediaPlaneError('no-session', `no media session ${sessionId}`);
    return s;
  }

  private newParty(options: AddLegOptions, transport: MediaTransport): Party {
    return {
      legId: options.legId ?? randomUUID(),
      role: options.role,
      transport,
      remoteSdp: '',
      agreed: [],
      localSdp: '',
      mediaTimeoutMs: options.mediaTimeoutMs ?? this.options.mediaTimeoutMs ?? 0,
      timedOut: false,
      watching: options.watchMedia ?? true,
    };
  }

  /** SDP text of a remote description; checks what rtpengine would pass through unchecked. */
  private remoteSdp(s: TwoSidedCall, remote: RemoteMediaDescription): string {
    if (remote.rawSdp === undefined && remote.transport === 'UDP/TLS/RTP/SAVPF')
      throw new MediaPlaneError(
        'unsupported-transport',
        'a WebRTC description needs its raw SDP (ICE, DTLS)',
      );
    const sdp = remote.rawSdp ?? renderRemoteSdp(remote, ++s.version);
    const audio = parseSdpAudio(sdp);
    if (!audio) throw new MediaPlaneError('bad-address', 'no m=audio section in the SDP');
    if (!firstG711(audio.payloadTypes))
      throw new MediaPlaneError('no-common-codec', 'no PCMU or PCMA in the offer');
    if (audio.address !== undefined && !/^\d{1,3}(\.\d{1,3}){3}$/.test(audio.address))
      throw new MediaPlaneError('bad-address', `unsupported media address ${audio.address}`);
    return sdp;
  }

  /**
   * The SDP `side` presents when it offers or answers on behalf of its party: the party's own SDP
   * trimmed to the agreed codec, or a placeholder's (port 9) for an empty side.
   */
  private sdpOf(s: TwoSidedCall, side: Side, preferred: 'PCMU' | 'PCMA' = 'PCMU', offer?: string): string {
    const party = s.parties[side];
    const sdp =
      party && party.remoteSdp !== ''
        ? restrictPayloadTypes(party.remoteSdp, party.agreed)
        : parkSdp(this.options.interfaceAddress, placeholderCodecs(offer, preferred), ++s.version);
    return offer ? answerDirection(sdp, offer) : sdp;
  }

  /** Offer from `side` with `sdp`, answered at once for the other side → the answer for `side`. */
  private async exchangeFrom(
    s: TwoSidedCall,
    side: Side,
    sdp: string,
    transport: MediaTransport,
    role: LegRole | undefined,
  ): Promise<string> {
    const to = OTHER[side];
    const tags = { 'from-tag': s.tagOf(side), 'to-tag': s.tagOf(to) };
    await this.call(s, 'offer', {
      ...ngOptionsTowards(s.parties[to]?.transport ?? 'RTP/AVP', this.flagOptions, 'offer'),
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

  /** Media from each present party flows only while bridged. */
  private async applyBlocking(s: TwoSidedCall): Promise<void> {
    for (const side of ['a', 'b'] as const)
      if (s.parties[side]?.remoteSdp)
        await this.call(s, s.bridged ? 'unblockMedia' : 'blockMedia', { 'from-tag': s.tagOf(side) });
  }

  private async call(s: TwoSidedCall, command: 'offer' | 'answer', params: NgParams): Promise<string>;
  private async call(
    s: TwoSidedCall,
    command: Exclude<NgCommand, 'offer' | 'answer'>,
    params: NgParams,
  ): Promise<void>;
  private async call(s: TwoSidedCall, command: NgCommand, params: NgParams): Promise<string | void> {
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
  private async callWithRetry(s: TwoSidedCall, command: NgCommand, params: NgParams) {
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
    s: TwoSidedCall,
    legId: string,
    reason: 'stopped' | 'replaced',
    tellEngine = true,
  ): Promise<void> {
    const playback = s.plays.get(legId);
    if (!playback) return;
    s.plays.delete(legId);
    if (playback.timer) clearTimeout(playback.timer);
    const tag = s.partyOf(legId) ? s.tagOf(s.sideOf(legId)) : undefined;
    if (tellEngine && tag)
      await this.ng.send('stopMedia', { 'call-id': s.id, 'from-tag': tag }).catch(() => {});
    if (playback.tempFile) await unlink(playback.tempFile).catch(() => {});
    this.delegate.onPlayDone?.({ sessionId: s.id, legId, playId: playback.playId, reason });
  }

  private async finishPlayback(s: TwoSidedCall, legId: string, playId: string): Promise<void> {
    const playback = s.plays.get(legId);
    if (playback?.playId !== playId) return;
    s.plays.delete(legId);
    if (playback.tempFile) await unlink(playback.tempFile).catch(() => {});
    this.delegate.onPlayDone?.({ sessionId: s.id, legId, playId, reason: 'finished' });
  }

  private recordingOf(s: TwoSidedCall): PcapRecording {
    if (!s.recording) throw new MediaPlaneError('bad-state', `session ${s.id} is not recording`);
    return s.recording;
  }

  private async deleteCall(s: TwoSidedCall): Promise<void> {
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
    const side = s.sideOfTag(event.sourceTag);
    const party = side && s.parties[side];
    if (party)
      this.delegate.onDtmf?.({ sessionId: s.id, legId: party.legId, digit: event.digit, source: 'rfc4733' });
  }

  /** rtpengine's `query` reports each stream's last received packet (UNIX seconds). */
  private async pollMediaTimeouts(): Promise<void> {
    for (const s of this.sessions.values()) {
      const watched = SIDES.filter((t) => {
        const party = s.parties[t];
        return (
          party && party.watching && party.mediaTimeoutMs > 0 && !party.timedOut && party.remoteSdp !== ''
        );
      });
      if (watched.length === 0 || !s.created) continue;
      const reply = await this.ng.send('query', { 'call-id': s.id }).catch(() => undefined);
      for (const tag of watched) {
        const party = s.parties[tag]!;
        const last = lastPacketSeconds(reply?.tags, s.tagOf(tag));
        // Whole seconds: count from the end of that second, so the timeout never fires early.
        if (last === undefined || this.now() - (last + 1) * 1000 < party.mediaTimeoutMs) continue;
        party.timedOut = true;
        this.delegate.onMediaTimeout?.({ sessionId: s.id, legId: party.legId });
      }
    }
  }
}

function lastPacketSeconds(tags: unknown, tag: string): number | undefined {
  const medias = (tags as Record<string, { medias?: Array<{ streams?: Array<Record<string, unknown>> }> }>)?.[
    tag
  ]?.medias;
  const last = medias?.[0]?.streams?.[0]?.['last packet'];
  return typeof last === 'number' ? last : undefined;
}
