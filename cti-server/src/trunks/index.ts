export * from './cidr.js';
export * from './trunk-guard.js';
