// The werift side of a WebRTC leg: one RTCPeerConnection with one audio transceiver, restricted to
// G.711 + telephone-event/8000, one host candidate on the media plane's address, rtcp-mux and
// BUNDLE (RFC 8829). Descriptions are exchanged whole (no trickle ICE): the SDP we return already
// holds our candidate, so it can travel in a SIP INVITE or 200 OK.
import { RTCPeerConnection, RTCRtpCodecParameters, type RTCRtpTransceiver } from 'werift';
import { G711_STATIC_PT, type G711Law } from './g711.js';
import { MediaPlaneError, type MediaDirection } from './media-plane.js';
import { audioCodecNames, checkWebRtcAudio, restrictToG711, withDefaultCandidate } from './webrtc-sdp.js';

export interface WebRtcPeerOptions {
  /** Local IPv4 address the ICE socket binds to. */
  bindAddress: string;
  /** Address of our host candidate (the plane's advertised address). */
  advertisedAddress: string;
  /** An even port from the plane's range; the ICE socket binds it or the odd one above it. */
  port: number;
  /** Codec listed first in our offer. Default PCMU. */
  preferredCodec?: G711Law;
}

export interface NegotiatedAudio {
  law: G711Law;
  payloadType: number;
  telephoneEventPt: number | undefined;
  remoteDirection: MediaDirection;
}

/** The dynamic payload type we offer telephone-event/8000 on (RFC 4733 §7). */
export const OFFERED_TELEPHONE_EVENT_PT = 101;
const GATHER_TIMEOUT_MS = 2000;

const ANSWER_DIRECTION: Readonly<Record<MediaDirection, MediaDirection>> = {
  sendrecv: 'sendrecv',
  sendonly: 'recvonly',
  recvonly: 'sendonly',
  inactive: 'inactive',
};

export class WebRtcPeer {
  readonly pc: RTCPeerConnection;
  transceiver: RTCRtpTransceiver | undefined;
  /** Our last description (offer or answer), with its candidate; what goes into SIP. */
  localSdp = '';

  constructor(options: WebRtcPeerOptions) {
    const preferred = options.preferredCodec ?? 'PCMU';
    const g711 = (law: G711Law) =>
      new RTCRtpCodecParameters({
        mimeType: `audio/${law}`,
        clockRate: 8000,
        channels: 1,
        payloadType: G711_STATIC_PT[law],
      });
    this.pc = new RTCPeerConnection({
      codecs: {
        audio: [
          g711(preferred),
          g711(preferred === 'PCMU' ? 'PCMA' : 'PCMU'),
          new RTCRtpCodecParameters({
            mimeType: 'audio/telephone-event',
            clockRate: 8000,
            channels: 1,
            payloadType: OFFERED_TELEPHONE_EVENT_PT,
            parameters: '0-16',
          }),
        ],
      },
      headerExtensions: { audio: [] },
      // No interface enumeration: the only host candidate is the advertised address, served by
      // one socket bound to the bind address inside the port pair the plane allocated.
      iceUseIpv4: false,
      iceUseIpv6: false,
      iceUseTcp: false,
      iceAdditionalHostAddresses: [options.advertisedAddress],
      iceInterfaceAddresses: { udp4: options.bindAddress },
      icePortRange: [options.port, options.port + 1],
      bundlePolicy: 'max-bundle',
    });
  }

  /** Our offer: audio, sendrecv, PCMU/PCMA + telephone-event/8000, all candidates gathered. */
  async offer(): Promise<string> {
    this.transceiver = this.pc.addTransceiver('audio', { direction: 'sendrecv' });
    await this.pc.setLocalDescription(await this.pc.createOffer());
    return this.publishLocal();
  }

  /** Answers a browser's offer. */
  async answer(remoteOffer: string): Promise<NegotiatedAudio> {
    const { sdp, direction } = usableRemote(remoteOffer);
    await this.applyRemote('offer', sdp);
    const transceiver = this.pc.getTransceivers().find((t) => t.kind === 'audio');
    if (!transceiver) throw new MediaPlaneError('unsupported-transport', 'no audio transceiver in the offer');
    this.transceiver = transceiver;
    transceiver.setDirection(ANSWER_DIRECTION[direction]);
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    await this.publishLocal();
    return this.negotiated(direction);
  }

  get awaitingAnswer(): boolean {
    return this.pc.signalingState === 'have-local-offer';
  }

  /** Completes our offer with the browser's answer. */
  async acceptAnswer(remoteAnswer: string): Promise<NegotiatedAudio> {
    if (!this.awaitingAnswer)
      throw new MediaPlaneError('bad-state', `no pending offer (signaling ${this.pc.signalingState})`);
    const { sdp, direction } = usableRemote(remoteAnswer);
    await this.applyRemote('answer', sdp);
    return this.negotiated(direction);
  }

  close(): Promise<void> {
    return this.pc.close();
  }

  private async applyRemote(type: 'offer' | 'answer', sdp: string): Promise<void> {
    try {
      await this.pc.setRemoteDescription({ type, sdp });
    } catch (err) {
      throw new MediaPlaneError(
        'unsupported-transport',
        `unusable WebRTC ${type}: ${(err as Error).message}`,
      );
    }
  }

  private async publishLocal(): Promise<string> {
    await this.gathered();
    const sdp = this.pc.localDescription?.sdp ?? '';
    if (!/^a=candidate:/m.test(sdp)) throw new MediaPlaneError('no-ports', 'no ICE candidate (port taken?)');
    this.localSdp = withDefaultCandidate(sdp);
    return this.localSdp;
  }

  private gathered(): Promise<void> {
    if (this.pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, GATHER_TIMEOUT_MS);
      const { unSubscribe } = this.pc.iceGatheringStateChange.subscribe((s) => s === 'complete' && done());
      function done() {
        clearTimeout(timer);
        unSubscribe();
        resolve();
      }
    });
  }

  private negotiated(remoteDirection: MediaDirection): NegotiatedAudio {
    const codec = this.transceiver?.sender.codec;
    const law = codec?.name.toUpperCase();
    if (!codec || (law !== 'PCMU' && law !== 'PCMA'))
      throw new MediaPlaneError('no-common-codec', 'no PCMU or PCMA negotiated');
    const event = this.transceiver?.codecs.find(
      (c) => c.name.toLowerCase() === 'telephone-event' && c.clockRate === 8000,
    );
    return { law, payloadType: codec.payloadType, telephoneEventPt: event?.payloadType, remoteDirection };
  }
}

/** The remote SDP with only the codecs we use, or a MediaPlaneError saying why it is unusable. */
export function usableRemote(raw: string | undefined): { sdp: string; direction: MediaDirection } {
  const check = checkWebRtcAudio(raw ?? '');
  if (!check.ok || raw === undefined)
    throw new MediaPlaneError('unsupported-transport', `not a WebRTC audio description: ${check.reason}`);
  const sdp = restrictToG711(raw);
  const names = audioCodecNames(sdp);
  if (!names.includes('PCMU') && !names.includes('PCMA'))
    throw new MediaPlaneError('no-common-codec', 'no PCMU or PCMA in the WebRTC description');
  return { sdp, direction: check.direction };
}
