export * from './auth-failure-limiter.js';
export * from './digest-auth.js';
export * from './location-service.js';
export * from './registrar.js';
export * from './registration-request.js';
export * from './nat-keepalive.js';
export * from './request-destination.js';
export * from './agent-phones.js';
