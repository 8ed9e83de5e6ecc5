import { parseSdp } from '../sip/index.js';

/**
 * The one place call control touches session descriptions. Today's implementation passes SDP
 * end to end (carrier ↔ agent, media flows directly); the media-plane issue swaps in an anchor
 * that terminates each leg on the server, without call control changing.
 */
export interface MediaAnchor {
  /** Checks a carrier's offer when the call arrives; throws `UnacceptableSdpError` (→ 488). */
  acceptOffer(callId: string, carrierOffer: string): void;
  /** The offer for an agent leg, from the carrier's (accepted) offer. */
  offerToAgent(callId: string, carrierOffer: string): string;
  /** The answer for the carrier, from the agent's answer. */
  answerToCarrier(callId: string, agentAnswer: string): string;
  /** Mid-call offer/answer relayed from one leg to the other (hold, unhold, transfer). */
  relay(callId: string, sdp: string): string;
  release(callId: string): void;
}

export class UnacceptableSdpError extends Error {}

/** Validates that an SDP parses and offers at least one audio stream. */
export function checkAudioSdp(sdp: string): void {
  let parsed;
  try {
    parsed = parseSdp(sdp);
  } catch (err) {
    throw new UnacceptableSdpError(`malformed SDP: ${(err as Error).message}`);
  }
  if (!parsed.media.some((m) => m.media === 'audio' && m.port > 0)) {
    throw new UnacceptableSdpError('SDP offers no audio stream');
  }
}

export const passThroughMedia: MediaAnchor = {
  acceptOffer: (_callId, offer) => checkAudioSdp(offer),
  offerToAgent: (_callId, offer) => offer,
  answerToCarrier: (_callId, answer) => answer,
  relay: (_callId, sdp) => sdp,
  release: () => {},
};
