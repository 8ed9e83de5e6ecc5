export * from './transport.js';
export * from './inbound.js';
export * from './udp-transport.js';
export * from './tcp-transport.js';
export * from './websocket-transport.js';
export * from './udp-probe.js';
