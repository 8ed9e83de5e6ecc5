export * from './transaction-state.js';
export * from './transaction-user.js';
export * from './transaction.js';
export * from './invite-client-transaction.js';
export * from './non-invite-client-transaction.js';
export * from './invite-server-transaction.js';
export * from './non-invite-server-transaction.js';
export * from './transaction-layer.js';
