export * from './fake-transport.js';
export * from './sipp-once.js';
