export * from './user-agent-core.js';
export * from './user-agent-core-delegate.js';
export * from './incoming-request.js';
export * from './outgoing-request.js';
export * from './request-validator.js';
export * from './next-hop.js';
export * from './create-cancel.js';
