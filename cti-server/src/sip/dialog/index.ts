export * from './dialog.js';
export * from './two-xx-retransmitter.js';
