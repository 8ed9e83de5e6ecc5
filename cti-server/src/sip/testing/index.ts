export * from './fake-transport.js';
export * from '../simulated-timer-source.js';
