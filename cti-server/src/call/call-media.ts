import {
  MediaPlaneError,
  type LegRole,
  type LocalMediaDescription,
  type MediaDirection,
  type MediaPlane,
  type MediaTransport,
  type RecordingResult,
} from '../rtp/media-plane.js';
import { remoteFromSdp, renderLocalSdp, UnacceptableSdpError, withDirection } from './sdp-media.js';

/** Plane failures that mean "this SDP cannot work" rather than "the server is broken". */
const UNACCEPTABLE: ReadonlySet<string> = new Set([
  'no-common-codec',
  'bad-address',
  'unsupported-transport',
]);

interface LegSdp {
  local: LocalMediaDescription;
  /** o= sess-id and the last sess-version we sent on this leg. */
  originId: number;
  version: number;
  /** The last SDP we sent, for answering direction-only re-offers without the engine. */
  lastSdp: string;
  /**
   * Our DTLS role once the remote answered our WebRTC offer: an answer must say active or
   * passive, never our offer's actpass (RFC 5763 §5).
   */
  dtlsSetup?: 'active' | 'passive';
}

const MIRROR: Readonly<Record<MediaDirection, MediaDirection>> = {
  sendrecv: 'sendrecv',
  sendonly: 'recvonly',
  recvonly: 'sendonly',
  inactive: 'inactive',
};

/**
 * One call's media on the plane, in SDP terms: every leg (carrier, agent, transfer target) is
 * anchored on the server, so call control answers and offers with the plane's addresses and
 * never passes one party's SDP to another.
 */
export class CallMedia {
  private readonly legs = new Map<string, LegSdp>();
  private closed = false;
  /** Operations run one at a time, so `close()` never races a leg being opened. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly plane: MediaPlane,
    readonly sessionId: string,
  ) {}

  static async open(plane: MediaPlane, callId: string): Promise<CallMedia> {
    return new CallMedia(plane, await plane.createSession({ sessionId: callId }));
  }

  /**
   * Anchors a leg from the remote's offer; returns our answer. Unusable SDP → UnacceptableSdpError.
   * `localAddress`: the address of ours the party's SIP arrived on (the leg meets it there).
   */
  answerOffer(legId: string, offer: string, role: LegRole, localAddress?: string): Promise<string> {
    return this.serial(async () => {
      const remote = remoteFromSdp(offer);
      const local = await this.guard(() =>
        this.plane.addLeg(this.sessionId, remote, {
          legId,
          role,
          inbandDtmf: role === 'caller',
          // A carrier can send only once answered: its media timeout waits for `watchMedia`.
          watchMedia: role !== 'caller',
          ...(localAddress !== undefined && { localAddress }),
        }),
      );
      return this.remember(legId, local);
    });
  }

  /** The leg's party has our SDP now (the carrier was answered): no RTP for long ends the call. */
  watchMedia(legId: string): Promise<void> {
    return this.serial(() => this.guard(() => this.plane.watchMedia(this.sessionId, legId)));
  }

  /** Anchors a leg on which we offer (agent phones, a carrier's offerless INVITE): returns our offer. */
  makeOffer(legId: string, transport: MediaTransport, role: LegRole, localAddress?: string): Promise<string> {
    return this.serial(async () => {
      const local = await this.guard(() =>
        this.plane.offerLeg(this.sessionId, {
          legId,
          role,
          transport,
          preferredCodec: 'PCMU',
          inbandDtmf: role === 'caller',
          watchMedia: role !== 'caller',
          ...(localAddress !== undefined && { localAddress }),
        }),
      );
      return this.remember(legId, local);
    });
  }

  /** The remote's answer to `makeOffer`. */
  acceptAnswer(legId: string, answer: string): Promise<void> {
    return this.serial(async () => {
      const remote = remoteFromSdp(answer);
      const local = await this.guard(() => this.plane.updateLeg(this.sessionId, legId, remote));
      const leg = this.legs.get(legId);
      if (!leg) return;
      leg.local = local;
      const remoteSetup = /^a=setup:(active|passive)/m.exec(answer)?.[1];
      if (remoteSetup) leg.dtlsSetup = remoteSetup === 'active' ? 'passive' : 'active';
    });
  }

  /**
   * A re-offer on an established leg (hold, unhold, new address). Plain RTP legs are updated on
   * the plane; engine-written (WebRTC) descriptions keep their ICE/DTLS state and only mirror the
   * direction. Returns our answer and the direction the remote asked for.
   */
  answerReoffer(legId: string, offer: string): Promise<{ sdp: string; remoteDirection: MediaDirection }> {
    return this.serial(() => this.reoffer(legId, offer));
  }

  private async reoffer(
    legId: string,
    offer: string,
  ): Promise<{ sdp: string; remoteDirection: MediaDirection }> {
    const leg = this.legs.get(legId);
    if (!leg) throw new MediaPlaneError('no-leg', `no leg ${legId}`);
    const remote = remoteFromSdp(offer);
    const remoteDirection = remote.direction ?? 'sendrecv';
    if (leg.local.rawSdp) {
      leg.version++;
      leg.lastSdp = withDirection(leg.lastSdp, MIRROR[remoteDirection]).replace(
        /^(o=\S+ \S+ )\d+/m,
        `$1${leg.version}`,
      );
      if (leg.dtlsSetup)
        leg.lastSdp = leg.lastSdp.replace(/^a=setup:actpass(?=\r?$)/gm, `a=setup:${leg.dtlsSetup}`);
      return { sdp: leg.lastSdp, remoteDirection };
    }
    const local = await this.guard(() => this.plane.updateLeg(this.sessionId, legId, remote));
    return { sdp: this.remember(legId, local), remoteDirection };
  }

  /** The last SDP we sent on a leg (offerless re-INVITE: it becomes our offer). */
  currentSdp(legId: string): string | undefined {
    return this.legs.get(legId)?.lastSdp;
  }

  removeLeg(legId: string): Promise<void> {
    return this.serial(async () => {
      if (this.legs.delete(legId)) await this.plane.removeLeg(this.sessionId, legId);
    });
  }

  /** Connects two legs, stopping what was played to either (hold music, prompts). */
  connect(legA: string, legB: string): Promise<void> {
    return this.serial(async () => {
      await this.plane.stopPlay(this.sessionId, legA);
      await this.plane.stopPlay(this.sessionId, legB);
      await this.plane.bridge(this.sessionId, legA, legB);
    });
  }

  /** Music on hold to a leg, cut off from everyone it heard (the plane mixes prompts in). */
  hold(legId: string, music: Int16Array): Promise<void> {
    return this.serial(async () => {
      await this.plane.unbridge(this.sessionId, legId);
      await this.plane.play(
        this.sessionId,
        legId,
        { kind: 'samples', samples: music, sampleRate: 8000 },
        { loop: true },
      );
    });
  }

  /** A prompt file played once to a leg, alone (unbridged); returns the plane's play id. */
  announce(legId: string, path: string): Promise<string> {
    return this.serial(async () => {
      await this.plane.unbridge(this.sessionId, legId);
      return this.plane.play(this.sessionId, legId, { kind: 'file', path });
    });
  }

  record(options: { path: string; callerLegId: string; agentLegId: string }): Promise<void> {
    return this.serial(() => this.plane.startRecording(this.sessionId, options));
  }

  /** Destroys the session: every port released, a running recording finalised. */
  close(): Promise<RecordingResult | null> {
    const run = this.queue.then(async () => {
      if (this.closed) return null;
      this.closed = true;
      this.legs.clear();
      return this.plane.destroySession(this.sessionId);
    });
    this.queue = run.catch(() => {});
    return run;
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.closed) throw new MediaPlaneError('no-session', `media of ${this.sessionId} is closed`);
      return op();
    });
    this.queue = run.catch(() => {});
    return run;
  }

  private remember(legId: string, local: LocalMediaDescription): string {
    const previous = this.legs.get(legId);
    const originId = previous?.originId ?? Math.floor(Math.random() * 1e9);
    const version = (previous?.version ?? 0) + 1;
    const sdp = renderLocalSdp(local, { id: String(originId), version });
    this.legs.set(legId, { local, originId, version, lastSdp: sdp });
    return sdp;
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof MediaPlaneError && UNACCEPTABLE.has(err.code))
        throw new UnacceptableSdpError(err.message);
      throw err;
    }
  }
}
