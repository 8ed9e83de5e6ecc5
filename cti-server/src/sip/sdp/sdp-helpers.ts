import { isIP } from 'node:net';
import {
  DIRECTIONS,
  type Direction,
  type MediaDescription,
  type RtpMap,
  type SessionDescription,
} from './session-description.js';

const isDirection = (name: string): name is Direction => (DIRECTIONS as readonly string[]).includes(name);

/**
 * Effective direction of a media section: its own attribute, else the session-level one, else
 * sendrecv (https://www.rfc-editor.org/rfc/rfc4566#section-6, https://www.rfc-editor.org/rfc/rfc3264#section-5.1).
 */
export function getDirection(sdp: SessionDescription, media: MediaDescription): Direction {
  const own = media.attributes.find((a) => isDirection(a.name));
  if (own) return own.name as Direction;
  const session = sdp.attributes.find((a) => isDirection(a.name));
  return session ? (session.name as Direction) : 'sendrecv';
}

/** Set the direction on one media section (or all when omitted); session-level direction is removed. */
export function setDirection(sdp: SessionDescription, direction: Direction, media?: MediaDescription): void {
  sdp.attributes = sdp.attributes.filter((a) => !isDirection(a.name));
  for (const m of media ? [media] : sdp.media) {
    m.attributes = m.attributes.filter((a) => !isDirection(a.name));
    m.attributes.push({ name: direction });
  }
}

/** The connection address used by `media` (media-level c= overrides session-level). */
export function getConnectionAddress(sdp: SessionDescription, media?: MediaDescription): string | undefined {
  const c = media?.connection ?? sdp.connection ?? sdp.media.find((m) => m.connection)?.connection;
  return c?.address.split('/')[0];
}

/** Point the session (and every media-level c=) at `address`, picking IP4/IP6 from its form. */
export function setConnectionAddress(sdp: SessionDescription, address: string): void {
  const addrType = isIP(address) === 6 ? 'IP6' : 'IP4';
  sdp.connection = { netType: 'IN', addrType, address };
  for (const m of sdp.media) if (m.connection) m.connection = { netType: 'IN', addrType, address };
}

/** a=rtpmap entries of a media section (https://www.rfc-editor.org/rfc/rfc4566#section-6). */
export function getRtpMaps(media: MediaDescription): RtpMap[] {
  const maps: RtpMap[] = [];
  for (const a of media.attributes) {
    if (a.name !== 'rtpmap' || !a.value) continue;
    const space = a.value.indexOf(' ');
    const [encoding, clock, channels] = a.value.slice(space + 1).split('/');
    const map: RtpMap = {
      payloadType: Number(a.value.slice(0, space)),
      encoding: encoding ?? '',
      clockRate: Number(clock),
    };
    if (channels) map.channels = Number(channels);
    maps.push(map);
  }
  return maps;
}

/** a=fmtp parameters for one payload type, verbatim. */
export function getFmtp(media: MediaDescription, payloadType: number): string | undefined {
  const prefix = `${payloadType} `;
  return media.attributes
    .find((a) => a.name === 'fmtp' && a.value?.startsWith(prefix))
    ?.value?.slice(prefix.length);
}

export function getPtime(media: MediaDescription): number | undefined {
  const a = media.attributes.find((x) => x.name === 'ptime');
  return a?.value ? Number(a.value) : undefined;
}

/** Bump o= session version, as every new offer/answer in a session must (https://www.rfc-editor.org/rfc/rfc3264#section-8). */
export function bumpSessionVersion(sdp: SessionDescription): void {
  sdp.origin.sessionVersion = String(BigInt(sdp.origin.sessionVersion) + 1n);
}
