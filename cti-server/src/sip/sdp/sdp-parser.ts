import { SipStackError } from '../exceptions/sip-stack-error.js';
import type {
  Attribute,
  Connection,
  MediaDescription,
  Origin,
  SessionDescription,
} from './session-description.js';

export class SdpParseError extends SipStackError {
  readonly code = 'SDP_PARSE_ERROR';
}

function parseOrigin(value: string): Origin {
  const f = value.split(' ');
  if (f.length !== 6) throw new SdpParseError(`Invalid o= line "${value}"`);
  const [username, sessionId, sessionVersion, netType, addrType, address] = f as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return { username, sessionId, sessionVersion, netType, addrType, address };
}

function parseConnection(value: string): Connection {
  const f = value.split(' ');
  if (f.length !== 3) throw new SdpParseError(`Invalid c= line "${value}"`);
  const [netType, addrType, address] = f as [string, string, string];
  return { netType, addrType, address };
}

function parseAttribute(value: string): Attribute {
  const colon = value.indexOf(':');
  return colon === -1 ? { name: value } : { name: value.slice(0, colon), value: value.slice(colon + 1) };
}

function parseMediaLine(value: string): MediaDescription {
  const f = value.split(' ');
  if (f.length < 4) throw new SdpParseError(`Invalid m= line "${value}"`);
  const [media, portText, protocol, ...formats] = f as [string, string, string, ...string[]];
  const slash = portText.indexOf('/');
  const port = Number(slash === -1 ? portText : portText.slice(0, slash));
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new SdpParseError(`Invalid m= port "${value}"`);
  const m: MediaDescription = { media, port, protocol, formats, lines: [], attributes: [] };
  if (slash !== -1) m.portCount = Number(portText.slice(slash + 1));
  return m;
}

/** Parse an SDP body; tolerant of bare LF line ends and trailing blank lines. */
export function parseSdp(text: string): SessionDescription {
  let version: number | undefined;
  let origin: Origin | undefined;
  let sessionName: string | undefined;
  const sdp: Omit<SessionDescription, 'version' | 'origin' | 'sessionName'> = {
    info: [],
    timing: [],
    attributes: [],
    media: [],
  };
  let current: MediaDescription | undefined;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (!line) continue;
    if (line[1] !== '=') throw new SdpParseError(`Invalid SDP line "${line}"`);
    const type = line[0] as string;
    const value = line.slice(2);
    if (type === 'm') {
      current = parseMediaLine(value);
      sdp.media.push(current);
    } else if (current) {
      if (type === 'c') current.connection = parseConnection(value);
      else if (type === 'a') current.attributes.push(parseAttribute(value));
      else current.lines.push({ type, value });
    } else if (type === 'v') version = Number(value);
    else if (type === 'o') origin = parseOrigin(value);
    else if (type === 's') sessionName = value;
    else if (type === 'c') sdp.connection = parseConnection(value);
    else if (type === 'a') sdp.attributes.push(parseAttribute(value));
    else if (type === 'i' || type === 'u' || type === 'e' || type === 'p') sdp.info.push({ type, value });
    else sdp.timing.push({ type, value });
  }
  if (version !== 0) throw new SdpParseError('Missing or unsupported v= line');
  if (!origin) throw new SdpParseError('Missing o= line');
  if (sessionName === undefined) throw new SdpParseError('Missing s= line');
  return { version, origin, sessionName, ...sdp };
}
