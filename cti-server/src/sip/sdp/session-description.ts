/** Typed SDP (https://www.rfc-editor.org/rfc/rfc4566#section-5). Unknown lines are preserved. */

export interface Origin {
  username: string;
  sessionId: string;
  sessionVersion: string;
  netType: string;
  addrType: 'IP4' | 'IP6' | string;
  address: string;
}

export interface Connection {
  netType: string;
  addrType: 'IP4' | 'IP6' | string;
  /** Address, possibly with /ttl or /count suffix kept verbatim. */
  address: string;
}

/** `a=name` or `a=name:value`; ICE (candidate, ice-ufrag…) and DTLS (fingerprint, setup) stay here untouched. */
export interface Attribute {
  name: string;
  value?: string;
}

/** Any line the model does not type (i=, u=, e=, p=, b=, r=, z=, k=), kept in order within its section. */
export interface RawLine {
  type: string;
  value: string;
}

export interface MediaDescription {
  media: string;
  port: number;
  portCount?: number;
  protocol: string;
  formats: string[];
  connection?: Connection;
  /** Lines between m= and the first a= other than c= (i=, b=, k=). */
  lines: RawLine[];
  attributes: Attribute[];
}

export interface SessionDescription {
  version: number;
  origin: Origin;
  sessionName: string;
  /** Session-level i=, u=, e=, p= lines (before c=). */
  info: RawLine[];
  connection?: Connection;
  /** b= lines and t=/r=/z=/k= lines, in order. */
  timing: RawLine[];
  attributes: Attribute[];
  media: MediaDescription[];
}

export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export const DIRECTIONS: readonly Direction[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];

export interface RtpMap {
  payloadType: number;
  encoding: string;
  clockRate: number;
  channels?: number;
}
