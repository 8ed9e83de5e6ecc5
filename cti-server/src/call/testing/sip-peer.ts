import {
  UserAgentCore,
  type Dialog,
  type Endpoint,
  type IncomingRequest,
  type OutgoingRequest,
  type SipRequest,
  type SipResponse,
} from '../../sip/index.js';
import type { Clock } from '../../clock/index.js';
import type { FakeNetwork } from '../../sip/testing/fake-network.js';
import { FakeTransport } from '../../sip/testing/fake-transport.js';

const SDP = 'application/sdp';

export interface PeerAddress {
  address: string;
  port: number;
  protocol?: 'UDP' | 'TCP';
}

/** A plain G.711 audio description from `address:port` (what a carrier or a desk phone sends). */
export function audioSdp(address: string, port: number, direction = 'sendrecv'): string {
  return (
    [
      'v=0',
      `o=peer ${port} 1 IN IP4 ${address}`,
      's=-',
      `c=IN IP4 ${address}`,
      't=0 0',
      `m=audio ${port} RTP/AVP 0 101`,
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:101 telephone-event/8000',
      `a=${direction}`,
    ].join('\r\n') + '\r\n'
  );
}

/** The audio port of an SDP body (which leg of the plane it came from). */
export function audioPort(sdp: string): number | undefined {
  const port = /^m=audio (\d+) /m.exec(sdp)?.[1];
  return port === undefined ? undefined : Number(port);
}

/**
 * A SIP party in a test (a carrier's trunk, an agent's desk phone): its own UA core over a
 * FakeTransport on a FakeNetwork, so everything it says and hears is real SIP, parsed and
 * matched to transactions and dialogs, with no socket. What reaches it is kept for assertions.
 */
export class SipPeer {
  readonly core: UserAgentCore;
  readonly transport: FakeTransport;
  /** New INVITEs that reached its UA, oldest first. */
  readonly invites: PeerInvite[] = [];
  /** In-dialog requests its UA handed up (BYE, NOTIFY, re-INVITE, INFO, REFER), oldest first. */
  readonly inDialog: Array<{ method: string; request: SipRequest; dialog: Dialog }> = [];
  /** ACKs for the 2xx it sent. */
  readonly acks: SipRequest[] = [];
  /** What it does with a new INVITE: 180 Ringing, nothing (a test answers), or 200 at once. */
  onInvite: 'ring' | 'silent' | 'answer' = 'ring';
  private mediaPort: number;

  constructor(
    readonly name: string,
    private readonly network: FakeNetwork,
    clock: Clock,
    at: PeerAddress,
  ) {
    const protocol = at.protocol ?? 'UDP';
    this.transport = network.join(
      new FakeTransport(protocol, protocol !== 'UDP', { address: at.address, port: at.port }),
    );
    this.core = new UserAgentCore({ transports: [this.transport], clock, userAgent: name });
    this.mediaPort = 20_000 + (Number(at.address.split('.').at(-1)) % 100) * 100;
    this.core.delegate = {
      onInvite: (incoming) => {
        const invite = new PeerInvite(this, incoming);
        this.invites.push(invite);
        if (this.onInvite === 'ring') invite.ring();
        else if (this.onInvite === 'answer') invite.answer();
      },
      onCancel: (incoming) => {
        const invite = this.invites.find((i) => i.incoming === incoming);
        if (invite) invite.cancelled = true;
      },
      onAck: (ack) => this.acks.push(ack),
      onBye: (incoming, dialog) => this.noteInDialog(incoming, dialog),
      onNotify: (incoming, dialog) => {
        this.noteInDialog(incoming, dialog);
        incoming.respond(200);
      },
      onInfo: (incoming, dialog) => {
        this.noteInDialog(incoming, dialog);
        incoming.respond(200);
      },
      onReinvite: (incoming, dialog) => {
        this.noteInDialog(incoming, dialog);
        incoming.respond(200, { body: this.sdp(), contentType: SDP });
      },
      onRefer: (incoming, dialog) => {
        this.noteInDialog(incoming, dialog);
        incoming.respond(603);
      },
    };
  }

  get address(): string {
    return this.transport.local.address;
  }

  get port(): number {
    return this.transport.local.port;
  }

  get protocol(): 'UDP' | 'TCP' {
    return this.transport.protocol === 'UDP' ? 'UDP' : 'TCP';
  }

  /** `sip:user@host:port` of this peer (its Contact-style address). */
  uri(user: string): string {
    return `sip:${user}@${this.address}:${this.port}${this.protocol === 'TCP' ? ';transport=tcp' : ''}`;
  }

  /** This peer's audio description (one fixed RTP port per peer). */
  sdp(direction = 'sendrecv'): string {
    return audioSdp(this.address, this.mediaPort, direction);
  }

  /** Everything that reached this host over the network (retransmissions included). */
  received(): Array<SipRequest | SipResponse> {
    return this.network.receivedBy(this.transport);
  }

  /** Methods of the requests that reached this host, in order: `['INVITE', 'ACK', 'BYE']`. */
  heard(): string[] {
    return this.received().flatMap((m) => (m.isRequest ? [(m as SipRequest).method] : []));
  }

  /** The in-dialog requests of one method its UA handed up. */
  requests(method: string): SipRequest[] {
    return this.inDialog.filter((r) => r.method === method).map((r) => r.request);
  }

  /** Sends an INVITE (ACKs a 2xx by itself; `ackSdp` answers a 2xx that carried the offer). */
  invite(
    target: string,
    options: {
      from: string;
      to: string;
      sdp?: string | null;
      headers?: Array<readonly [string, string]>;
      ackSdp?: string;
      destination?: Endpoint;
    },
  ): PeerCall {
    const body = options.sdp === undefined ? this.sdp() : options.sdp;
    const request = this.core.createRequest('INVITE', target, {
      from: options.from,
      to: options.to,
      ...(body !== null && { body, contentType: SDP }),
      ...(options.headers && { headers: options.headers }),
    });
    return new PeerCall(this, request, options.ackSdp, options.destination);
  }

  private noteInDialog(incoming: IncomingRequest, dialog: Dialog): void {
    this.inDialog.push({ method: incoming.method, request: incoming.request, dialog });
  }
}

/** An INVITE a peer received (a phone ringing): the test answers, rejects or lets it ring. */
export class PeerInvite {
  cancelled = false;

  constructor(
    readonly peer: SipPeer,
    readonly incoming: IncomingRequest,
  ) {}

  get request(): SipRequest {
    return this.incoming.request;
  }

  header(name: string): string | undefined {
    return this.request.headers.get(name);
  }

  get dialog(): Dialog | undefined {
    return this.incoming.dialog;
  }

  ring(): void {
    if (this.incoming.pending) this.incoming.respond(180);
  }

  answer(sdp = this.peer.sdp()): SipResponse {
    return this.incoming.respond(200, { body: sdp, contentType: SDP });
  }

  reject(status = 486): void {
    this.incoming.respond(status);
  }

  bye(): void {
    this.peer.core.bye(this.requireDialog());
  }

  /** REFER (RFC 3515) to `referTo`, e.g. `<sip:1002@kefu.example>`: the response's status. */
  refer(referTo: string): Promise<number> {
    return new Promise((resolve) => {
      this.peer.core.sendInDialog(
        this.requireDialog(),
        'REFER',
        { headers: [['Refer-To', referTo]] },
        {
          onAccept: (r) => resolve(r.status),
          onReject: (r) => resolve(r.status),
          onTimeout: () => resolve(408),
        },
      );
    });
  }

  /** A re-INVITE with this peer's SDP in `direction` (sendonly: hold). */
  reinvite(direction: string): void {
    this.peer.core.sendInDialog(
      this.requireDialog(),
      'INVITE',
      { body: this.peer.sdp(direction), contentType: SDP },
      { onAccept: (r, d) => d && this.peer.core.ack(d, r) },
    );
  }

  private requireDialog(): Dialog {
    if (!this.dialog) throw new Error(`${this.peer.name}: no dialog for this INVITE`);
    return this.dialog;
  }
}

/** An INVITE a peer sent (a carrier's call): responses in order, the dialog once answered. */
export class PeerCall {
  readonly responses: SipResponse[] = [];
  readonly outgoing: OutgoingRequest;
  dialog?: Dialog;
  timedOut = false;

  constructor(
    readonly peer: SipPeer,
    readonly request: SipRequest,
    ackSdp: string | undefined,
    destination: Endpoint | undefined,
  ) {
    this.outgoing = peer.core.send(
      request,
      {
        onProgress: (r) => this.responses.push(r),
        onAccept: (r, dialog) => {
          this.responses.push(r);
          if (!dialog) return;
          this.dialog = dialog;
          peer.core.ack(dialog, r, ackSdp === undefined ? {} : { body: ackSdp, contentType: SDP });
        },
        onReject: (r) => this.responses.push(r),
        onTimeout: () => (this.timedOut = true),
      },
      destination ? { destination } : {},
    );
  }

  /** Status codes received, in order (100 Trying included). */
  get statuses(): number[] {
    return this.responses.map((r) => r.status);
  }

  get final(): SipResponse | undefined {
    return this.responses.find((r) => r.status >= 200);
  }

  cancel(): void {
    this.outgoing.cancel();
  }

  bye(): void {
    if (!this.dialog) throw new Error(`${this.peer.name}: the call was not answered`);
    this.peer.core.bye(this.dialog);
  }
}
