export * from './fake-transport.js';
export * from '../simulated-timer-source.js';
export * from './sipp-once.js';
