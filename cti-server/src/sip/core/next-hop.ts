import type { Uri } from '../message/uri.js';
import type { Endpoint, TransportProtocol } from '../transport/transport.js';

/** Next-hop endpoint from a SIP URI (no DNS SRV/NAPTR: host names go to the OS resolver). */
export function uriToEndpoint(uri: Uri): Endpoint {
  if (uri.kind !== 'sip') throw new Error(`cannot route to ${uri.scheme}: URI`);
  const param = uri.params.get('transport')?.toUpperCase();
  const protocol: TransportProtocol =
    param === 'TCP' || param === 'TLS' || param === 'WS' || param === 'WSS'
      ? param
      : uri.scheme === 'sips'
        ? 'TLS'
        : 'UDP';
  const secure = protocol === 'TLS' || protocol === 'WSS';
  return { protocol, address: uri.params.get('maddr') ?? uri.host, port: uri.port ?? (secure ? 5061 : 5060) };
}
