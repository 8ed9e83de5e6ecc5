export * from './session-description.js';
export * from './sdp-parser.js';
export * from './sdp-serializer.js';
export * from './sdp-helpers.js';
