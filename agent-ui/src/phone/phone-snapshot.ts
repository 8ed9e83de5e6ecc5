// What the softphone shows: plain data, replaced (never mutated) on every change so React re-renders.

export type RegistrationStatus = 'unregistered' | 'registering' | 'registered' | 'failed';
export type TransportStatus = 'connecting' | 'connected' | 'disconnected';
export type CallPhase = 'ringing' | 'dialing' | 'connected' | 'ended';

export interface CallSnapshot {
  direction: 'inbound' | 'outbound';
  phase: CallPhase;
  /** The other party: caller's number (inbound) or the dialled target. */
  remote: string;
  remoteName: string | null;
  /** The CTI server's call id (X-Kefu-Call-Id on the INVITE), ties the ring to `call.offered`. */
  kefuCallId: string | null;
  /** Inbound: whether the offer carries WebRTC media (DTLS-SRTP) a browser can answer. */
  webRtcOffer: boolean | null;
  /**
   * The server calling this console back into a call it was on before a reload or a network
   * drop (X-Kefu-Resume): answered at once, without ringing.
   */
  resumed: boolean;
  muted: boolean;
  held: boolean;
  /** Epoch ms when the call was answered. */
  connectedAt: number | null;
  /** ICE + DTLS done: audio can flow. */
  mediaConnected: boolean;
}

/** A second call to another extension or number while the customer waits on hold. */
export interface ConsultSnapshot {
  target: string;
  phase: 'dialing' | 'connected';
  /** ICE + DTLS done on the consult call. */
  mediaConnected: boolean;
  /** The server mixes the customer, this agent and the consulted party (three-way conference). */
  conference: boolean;
}

export interface PhoneSnapshot {
  transport: TransportStatus;
  registration: RegistrationStatus;
  call: CallSnapshot | null;
  /** Present while the agent consults (before an attended transfer, cancel or conference). */
  consult: ConsultSnapshot | null;
  /** The last failure worth telling the agent (microphone, media, transfer…). */
  error: string | null;
}

export const initialPhoneSnapshot: PhoneSnapshot = {
  transport: 'connecting',
  registration: 'unregistered',
  call: null,
  consult: null,
  error: null,
};
