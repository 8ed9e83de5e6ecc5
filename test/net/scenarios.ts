// SIPp scenarios of the real-network tests, written out per run: a carrier that goes through the
// IVR and talks, and an agent's phone behind NAT that talks, holds and resumes. Both send their
// own RTP from the start (SIPp's g711a.pcap, 6.4 s of PCMA speech), as real phones and gateways
// do: a phone behind NAT is only reachable once its first packet has opened the router's mapping.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scenario } from '../support/sipp.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kefu-net-sipp-'));
const SPEECH = '/usr/share/sip-tester/g711a.pcap';
const DIGIT_2 = '/usr/share/sip-tester/dtmf_2833_2.pcap';

function write(name: string, xml: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, xml);
  return file;
}

const SDP = (version: number, direction: string) => `v=0
      o=[$who] 53655765 ${version} IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP 8 0 101
      a=rtpmap:8 PCMA/8000
      a=rtpmap:0 PCMU/8000
      a=rtpmap:101 telephone-event/8000
      a=${direction}`;

/** The far end hung up: its BYE answered. */
const ANSWER_BYE = `
  <recv request="BYE" timeout="60000"/>
  <send>
    <![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0

    ]]>
  </send>`;

/** Hang up after `afterMs`: a BYE in the dialog (SIPp keywords for its URI and tags). */
function sendBye(afterMs: number, uri: string, from: string, to: string, cseq: number): string {
  return `
  <pause milliseconds="${afterMs}"/>
  <send retrans="500">
    <![CDATA[
      BYE ${uri} SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: ${from}
      To: ${to}
      Call-ID: [call_id]
      CSeq: ${cseq} BYE
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>
  <recv response="200"/>`;
}

/**
 * The phone's registration (agent-phone.xml with a longer Expires: an idle phone must stay
 * registered through a 5-minute wait; kefu keeps its NAT mapping open meanwhile).
 */
export function registeringPhone(expires = 3600): string {
  const xml = readFileSync(scenario('agent-phone.xml'), 'utf8').replace(
    /Expires: 300/g,
    `Expires: ${expires}`,
  );
  return write(`agent-phone-${expires}.xml`, xml);
}

/**
 * The phone's call (run as SIPp's out-of-call scenario): answer, talk, hold and resume after
 * `holdAfterMs`, then either wait for the BYE or hang up itself after `byeAfterMs`.
 */
export function talkingPhone(options: { holdAfterMs: number; holdMs: number; byeAfterMs?: number }): string {
  const { holdAfterMs, holdMs, byeAfterMs } = options;
  const reinvite = (cseq: number, direction: string) => `
  <send retrans="500">
    <![CDATA[
      INVITE [$b2bua_contact] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: [$invite_to];tag=[pid]agent[call_number]
      To: [$invite_from]
      Call-ID: [call_id]
      CSeq: ${cseq} INVITE
      Contact: <sip:[$ext]@[local_ip]:[local_port]>
      Max-Forwards: 70
      Content-Type: application/sdp
      Content-Length: [len]

      ${SDP(2353687637 + cseq, direction)}

    ]]>
  </send>
  <recv response="100" optional="true"/>
  <recv response="200"/>
  <send>
    <![CDATA[
      ACK [$b2bua_contact] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: [$invite_to];tag=[pid]agent[call_number]
      To: [$invite_from]
      Call-ID: [call_id]
      CSeq: ${cseq} ACK
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>`;
  const end =
    byeAfterMs === undefined
      ? ANSWER_BYE
      : sendBye(
          byeAfterMs - holdAfterMs - holdMs,
          '[$b2bua_contact]',
          '[$invite_to];tag=[pid]agent[call_number]',
          '[$invite_from]',
          3,
        );
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="agent phone behind NAT: talks, holds, resumes">
  <Global variables="ext,call_done"/>
  <recv request="INVITE">
    <action>
      <ereg regexp="[^[:space:]].*" search_in="hdr" header="From:" check_it="true" assign_to="invite_from"/>
      <ereg regexp="[^[:space:]].*" search_in="hdr" header="To:" check_it="true" assign_to="invite_to"/>
      <ereg regexp="sips?:[^>[:space:]]+" search_in="hdr" header="Contact:" check_it="true" assign_to="b2bua_contact"/>
    </action>
  </recv>
  <send>
    <![CDATA[
      SIP/2.0 180 Ringing
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]agent[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:[$ext]@[local_ip]:[local_port]>
      Content-Length: 0

    ]]>
  </send>
  <pause milliseconds="200"/>
  <send retrans="500">
    <![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]agent[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:[$ext]@[local_ip]:[local_port]>
      Content-Type: application/sdp
      Content-Length: [len]

      ${SDP(2353687637, 'sendrecv')}

    ]]>
  </send>
  <recv request="ACK"/>
  <nop><action><exec play_pcap_audio="${SPEECH}"/></action></nop>
  <pause milliseconds="${holdAfterMs}"/>
  ${reinvite(1, 'sendonly')}
  <pause milliseconds="${holdMs}"/>
  ${reinvite(2, 'sendrecv')}
  ${end}
  <nop><action><assign assign_to="call_done" value="1"/></action></nop>
</scenario>
`;
  return write(
    `phone-${holdAfterMs}-${holdMs}-${byeAfterMs ?? 'wait'}.xml`,
    xml.replace(/\[\$who\]/g, 'agent'),
  );
}

/**
 * A carrier's caller: answered by the IVR, presses `digit` after 1.5 s (RFC 4733, or none),
 * talks from `talkAtMs`, and hangs up after `byeAfterMs` or waits for kefu's BYE.
 */
export function talkingCaller(options: { digit?: '2'; talkAtMs: number; byeAfterMs?: number }): string {
  const { digit, talkAtMs, byeAfterMs } = options;
  const press = digit
    ? `<pause milliseconds="1500"/>
  <nop><action><exec play_pcap_audio="${DIGIT_2}"/></action></nop>
  <pause milliseconds="${talkAtMs - 1500}"/>`
    : `<pause milliseconds="${talkAtMs}"/>`;
  const end =
    byeAfterMs === undefined
      ? ANSWER_BYE
      : sendBye(
          byeAfterMs - talkAtMs,
          'sip:[service]@[remote_ip]:[remote_port]',
          '"Caller" <sip:[$ani]@[local_ip]:[local_port]>;tag=[pid]carrier[call_number]',
          '<sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]',
          2,
        );
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="carrier caller through the IVR">
  <Global variables="ani"/>
  <send retrans="500">
    <![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: "Caller" <sip:[$ani]@[local_ip]:[local_port]>;tag=[pid]carrier[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: <sip:[$ani]@[local_ip]:[local_port]>
      Max-Forwards: 70
      Content-Type: application/sdp
      Content-Length: [len]

      ${SDP(2353687637, 'sendrecv').replace('[$who]', 'carrier')}

    ]]>
  </send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="183" optional="true"/>
  <recv response="200" rtd="true"/>
  <send>
    <![CDATA[
      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: "Caller" <sip:[$ani]@[local_ip]:[local_port]>;tag=[pid]carrier[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>
  ${press}
  <nop><action><exec play_pcap_audio="${SPEECH}"/></action></nop>
  ${end}
</scenario>
`;
  return write(`caller-${digit ?? 'none'}-${talkAtMs}-${byeAfterMs ?? 'wait'}.xml`, xml);
}
