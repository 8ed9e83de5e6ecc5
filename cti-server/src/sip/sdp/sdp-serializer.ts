import type { Attribute, Connection, SessionDescription } from './session-description.js';

const line = (type: string, value: string): string => `${type}=${value}\r\n`;
const connectionLine = (c: Connection): string => line('c', `${c.netType} ${c.addrType} ${c.address}`);
const attributeLine = (a: Attribute): string =>
  line('a', a.value === undefined ? a.name : `${a.name}:${a.value}`);

/** Serialise in the field order RFC 4566 §5 mandates, CRLF line ends. */
export function serializeSdp(sdp: SessionDescription): string {
  const o = sdp.origin;
  let out = line('v', String(sdp.version));
  out += line(
    'o',
    `${o.username} ${o.sessionId} ${o.sessionVersion} ${o.netType} ${o.addrType} ${o.address}`,
  );
  out += line('s', sdp.sessionName || '-');
  for (const l of sdp.info) out += line(l.type, l.value);
  if (sdp.connection) out += connectionLine(sdp.connection);
  let hasTiming = false;
  for (const l of sdp.timing) {
    if (l.type === 't') hasTiming = true;
    out += line(l.type, l.value);
  }
  if (!hasTiming) out += line('t', '0 0');
  for (const a of sdp.attributes) out += attributeLine(a);
  for (const m of sdp.media) {
    const port = m.portCount === undefined ? String(m.port) : `${m.port}/${m.portCount}`;
    out += line('m', [m.media, port, m.protocol, ...m.formats].join(' '));
    for (const l of m.lines.filter((x) => x.type === 'i')) out += line(l.type, l.value);
    if (m.connection) out += connectionLine(m.connection);
    for (const l of m.lines.filter((x) => x.type !== 'i')) out += line(l.type, l.value);
    for (const a of m.attributes) out += attributeLine(a);
  }
  return out;
}
