// The contract between the CTI server and its clients (the agent console): REST responses and
// socket.io events. Import it with `import type` only; it carries no runtime.
export type * from './rest.js';
export type * from './socket-events.js';
