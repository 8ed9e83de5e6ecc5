export * from './exceptions/index.js';
export * from './message/index.js';
export * from './sdp/index.js';
export * from './timers.js';
export * from './transport/index.js';
export * from './transaction/index.js';
export * from './dialog/index.js';
export * from './core/index.js';
