export * from './cidr.js';
export * from './trunk-guard.js';
export * from './trunk-registration.js';
export * from './trunk-registrations.js';
