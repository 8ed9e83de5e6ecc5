import {
  answerChallenge,
  formatAuthHeader,
  formatHost,
  parseAuthHeader,
  type AuthHeader,
  type Dialog,
  type NewRequestOptions,
  type OutgoingRequestDelegate,
  type SipRequest,
  type SipResponse,
} from '../sip/index.js';
import type { OutboundRoute } from './call-control-deps.js';

const SDP = 'application/sdp';
/** Digest algorithms `answerChallenge` can compute (RFC 7616 §3.7: the first one we support wins). */
const ALGORITHMS = new Set(['MD5', 'MD5-SESS', 'SHA-256', 'SHA-256-SESS']);

/** The part of `UserAgentCore` a call out of a trunk needs. */
export interface OutboundTrunkCore {
  createRequest(method: string, target: string, options: NewRequestOptions): SipRequest;
  send(request: SipRequest, delegate: OutgoingRequestDelegate): { cancel(): void };
  ack(dialog: Dialog, response: SipResponse): void;
  bye(dialog: Dialog): unknown;
  /** Our Contact on the network `target` is reached over. */
  contactTowards(target: string, user?: string): string;
}

/** Why a call out of the trunk did not connect. */
export interface DialOutFailure {
  /** Final status to report to whoever placed the call (never 401/407: those are the trunk's). */
  status: number;
  /** What happened, for the call's event trail and logs. */
  reason: string;
  /** The carrier's own final status, when it sent one. */
  carrierStatus?: number;
}

export interface DialOutDelegate {
  /** 180/183 from the carrier. */
  onProgress?(response: SipResponse): void;
  /** 2xx: the dialog is confirmed and already ACKed; the carrier's answer is `response.body`. */
  onAnswer(response: SipResponse, dialog: Dialog): void;
  /** The call failed: carrier's final response, credentials refused, timeout or transport error. */
  onFailure(failure: DialOutFailure): void;
}

export interface DialOutOptions {
  route: OutboundRoute;
  /** The outside number (digits, optional leading +). */
  number: string;
  /** Presented when the trunk has no caller ID of its own (the agent's extension). */
  fallbackCallerId: string;
  /** Host part of From / P-Asserted-Identity. */
  domain: string;
  /** Our SDP offer for the carrier's leg. */
  offer: string;
  headers?: Array<readonly [string, string]>;
}

/**
 * One INVITE out of a carrier trunk, challenges included. `cancel()` withdraws it (CANCEL, or BYE
 * if the carrier's 2xx crosses it); after that the delegate hears nothing more.
 */
export interface OutboundTrunkCall {
  readonly callId: string;
  readonly state: 'calling' | 'answered' | 'failed' | 'cancelled';
  cancel(): void;
}

/** Request-URI for `number` at the trunk: `;transport=` picks the next hop's transport (RFC 3263 §4.1). */
export function trunkRequestUri(route: OutboundRoute, number: string): string {
  const param = route.transport === 'udp' ? '' : `;transport=${route.transport}`;
  return `sip:${number}@${formatHost(route.host)}:${route.port}${param}`;
}

/**
 * Places a call to an outside number through `route`. From and P-Asserted-Identity (RFC 3325 §9.1)
 * carry the trunk's caller ID, else `fallbackCallerId`. A 401/407 is answered once with the trunk's
 * credentials (RFC 3261 §22.2): same Call-ID, From tag and To, CSeq + 1 (§8.1.3.5); a further
 * challenge means the credentials are wrong (again only if the carrier says `stale=true`, RFC 7616
 * §3.3) and the call fails with 403.
 */
export function dialOut(
  core: OutboundTrunkCore,
  options: DialOutOptions,
  delegate: DialOutDelegate,
): OutboundTrunkCall {
  const { route, number, domain, offer } = options;
  const target = trunkRequestUri(route, number);
  const callerId = route.callerId ?? options.fallbackCallerId;
  const extra: Array<readonly [string, string]> = [
    ['P-Asserted-Identity', `<sip:${callerId}@${domain}>`],
    ...(options.headers ?? []),
  ];
  const first = core.createRequest('INVITE', target, {
    from: `<sip:${callerId}@${domain}>`,
    to: `<sip:${number}@${formatHost(route.host)}>`,
    body: offer,
    contentType: SDP,
    headers: extra,
  });
  // Our Contact on the trunk's transport, so the carrier's in-dialog requests come back over it.
  first.headers.set('Contact', core.contactTowards(target));
  const from = first.headers.get('From') ?? '';
  const to = first.headers.get('To') ?? '';
  const callId = first.callId;

  let state: OutboundTrunkCall['state'] = 'calling';
  let current: { cancel(): void } | undefined;
  let cseq = first.cseq.seq;
  let answered = 0;

  const fail = (failure: DialOutFailure): void => {
    if (state !== 'calling') return;
    state = 'failed';
    delegate.onFailure(failure);
  };

  const send = (request: SipRequest): void => {
    current = core.send(request, {
      onProgress: (response) => {
        if (state === 'calling' && (response.status === 180 || response.status === 183))
          delegate.onProgress?.(response);
      },
      onAccept: (response, dialog) => {
        if (!dialog) return;
        // A 2xx is ACKed by us, the TU (§13.2.2.4), even one that crossed our CANCEL or a second
        // fork's answer: those are then hung up (§9.1, §13.2.2.4).
        core.ack(dialog, response);
        if (state !== 'calling') {
          core.bye(dialog);
          return;
        }
        state = 'answered';
        delegate.onAnswer(response, dialog);
      },
      onReject: (response) => {
        if (state !== 'calling') return;
        if (response.status === 401 || response.status === 407) challenged(response);
        else
          fail({
            // A redirect is not followed: report the call as not reachable.
            status: response.status < 400 ? 480 : response.status,
            reason: `${response.status} ${response.reason}`,
            carrierStatus: response.status,
          });
      },
      onTimeout: () => fail({ status: 408, reason: 'no final response from the carrier (timeout)' }),
      onTransportError: (error) => fail({ status: 503, reason: `transport error: ${error.message}` }),
    });
  };

  const challenged = (response: SipResponse): void => {
    const status = response.status;
    const challenge = pickChallenge(response, status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate');
    const refused = (why: string): void =>
      fail({ status: 403, reason: `${status} ${response.reason}: ${why}`, carrierStatus: status });
    if (!challenge) return refused('no digest challenge we can answer');
    if (!route.username || !route.password) return refused('the trunk has no credentials');
    const stale = challenge.params.get('stale')?.toLowerCase() === 'true';
    if (answered > 0 && !(stale && answered < 2)) return refused('credentials refused');
    answered++;
    const retry = core.createRequest('INVITE', target, {
      from,
      to,
      callId,
      cseq: ++cseq,
      body: offer,
      contentType: SDP,
      headers: extra,
    });
    retry.headers.set('Contact', core.contactTowards(target));
    const authorization = answerChallenge(challenge, {
      username: route.username,
      password: route.password,
      method: 'INVITE',
      uri: target,
    });
    retry.headers.append(
      status === 401 ? 'Authorization' : 'Proxy-Authorization',
      formatAuthHeader(authorization),
    );
    send(retry);
  };

  send(first);
  return {
    callId,
    get state() {
      return state;
    },
    cancel() {
      if (state !== 'calling') return;
      state = 'cancelled';
      current?.cancel();
    },
  };
}

function pickChallenge(response: SipResponse, name: string): AuthHeader | undefined {
  return response.headers
    .getAll(name)
    .map(parseAuthHeader)
    .find(
      (h) =>
        h.scheme.toLowerCase() === 'digest' &&
        ALGORITHMS.has((h.params.get('algorithm') ?? 'MD5').toUpperCase()) &&
        h.params.has('nonce'),
    );
}
