import type { Clock } from './clock.js';

/**
 * The wall clock. Its timers are unref'd: a protocol or routing timer never keeps the process
 * alive on its own (the listening sockets do that while the server runs), so a stopped server
 * or a finished CLI exits without clearing every timer first.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout> | undefined),
};
