export * from './sip-stack-error.js';
export * from './sip-parse-error.js';
export * from './transport-error.js';
export * from './transaction-state-error.js';
