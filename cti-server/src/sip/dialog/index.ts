export * from './dialog.js';
export * from './two-xx-retransmitter.js';
export * from './session-timer.js';
export * from './session-expiry-timer.js';
