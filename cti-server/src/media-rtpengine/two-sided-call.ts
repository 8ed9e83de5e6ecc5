// The state of one session on rtpengine: two sides, each with its current rtpengine tag and,
// when a party is there, that party's leg (see the mapping in rtpengine-media-plane.ts).
import { MediaPlaneError, type LegRole, type MediaTransport } from '../rtp/media-plane.js';
import type { PcapRecording } from './pcap-recording.js';

export type Side = 'a' | 'b';
export const SIDES: readonly Side[] = ['a', 'b'];
export const OTHER: Readonly<Record<Side, Side>> = { a: 'b', b: 'a' };

export interface Party {
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
  /** The media timeout runs (the party can send: it has our SDP). */
  watching: boolean;
}

export interface Playback {
  playId: string;
  timer: ReturnType<typeof setTimeout> | undefined;
  tempFile: string | undefined;
}

export class TwoSidedCall {
  readonly parties: Partial<Record<Side, Party>> = {};
  /** The rtpengine tag currently standing for each side (its party or a placeholder). */
  private readonly tags: Partial<Record<Side, string>> = {};
  private generation = 0;
  /** The rtpengine call exists (an offer was sent). */
  created = false;
  bridged = false;
  /** SDP o= version for the SDP we write. */
  version = 1;
  readonly plays = new Map<string, Playback>();
  recording: PcapRecording | undefined;
  /** Digits we injected, which rtpengine's DTMF log echoes: not input from a caller. */
  readonly injected: Array<{ tag: string; digit: string }> = [];

  constructor(readonly id: string) {}

  sideOf(legId: string): Side {
    if (this.parties.a?.legId === legId) return 'a';
    if (this.parties.b?.legId === legId) return 'b';
    throw new MediaPlaneError('no-leg', `no leg ${legId} in ${this.id}`);
  }

  partyOf(legId: string): Party | undefined {
    return SIDES.map((side) => this.parties[side]).find((p) => p?.legId === legId);
  }

  freeSide(legId: string | undefined): Side {
    if (legId !== undefined && this.partyOf(legId))
      throw new MediaPlaneError('bad-state', `leg ${legId} exists`);
    const free = SIDES.find((side) => !this.parties[side]);
    if (!free)
      throw new MediaPlaneError(
        'bad-state',
        `session ${this.id} already has two legs (the rtpengine engine's limit)`,
      );
    return free;
  }

  /**
   * A new rtpengine tag for `side`. Never re-offer to a tag another party used: rtpengine then
   * keeps that monologue's DTLS role (active), which breaks a browser's handshake.
   */
  freshTag(side: Side): string {
    const tag = `${side}${++this.generation}`;
    this.tags[side] = tag;
    return tag;
  }

  tagOf(side: Side): string {
    return this.tags[side] ?? this.freshTag(side);
  }

  sideOfTag(tag: string): Side | undefined {
    return SIDES.find((side) => this.tags[side] === tag);
  }
}
