// One bridged call set up the way call control does it, through the MediaPlane interface only:
// the carrier's offer is answered at once (addLeg), the agent is offered to (offerLeg) and answers
// (updateLeg), then the two legs are bridged. Both peers are plain RTP/AVP PCMU on loopback.
import type { MediaPlane, RemoteMediaDescription } from '../../cti-server/src/rtp/media-plane.js';

export interface BenchCall {
  sessionId: string;
  /** Where the carrier socket sends (the engine's caller-leg port). */
  callerLegPort: number;
  /** Where the agent socket sends (the engine's agent-leg port). */
  agentLegPort: number;
}

/** A PCMU-only RTP/AVP description with its SDP text (RFC 4566), as a desk phone or trunk sends. */
function plainPcmu(origin: string, port: number): RemoteMediaDescription {
  return {
    remoteAddress: '127.0.0.1',
    remotePort: port,
    payloadTypes: [{ payloadType: 0, encoding: 'PCMU', clockRate: 8000 }],
    transport: 'RTP/AVP',
    rawSdp: [
      'v=0',
      `o=${origin} ${port} 1 IN IP4 127.0.0.1`,
      's=-',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      `m=audio ${port} RTP/AVP 0`,
      'a=rtpmap:0 PCMU/8000',
      'a=ptime:20',
      'a=sendrecv',
      '',
    ].join('\r\n'),
  };
}

export async function connectBenchCall(
  plane: MediaPlane,
  carrierPort: number,
  agentPort: number,
): Promise<BenchCall> {
  const sessionId = await plane.createSession();
  // mediaTimeoutMs 0: the legs sit idle between setup and the measured run.
  const caller = await plane.addLeg(sessionId, plainPcmu('carrier', carrierPort), {
    legId: 'caller',
    role: 'caller',
    mediaTimeoutMs: 0,
  });
  const agent = await plane.offerLeg(sessionId, {
    legId: 'agent',
    role: 'agent',
    transport: 'RTP/AVP',
    mediaTimeoutMs: 0,
  });
  await plane.updateLeg(sessionId, 'agent', plainPcmu('agent', agentPort));
  await plane.bridge(sessionId, 'caller', 'agent');
  return { sessionId, callerLegPort: caller.localPort, agentLegPort: agent.localPort };
}
