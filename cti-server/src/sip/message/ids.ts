import { randomBytes } from 'node:crypto';
import { BRANCH_MAGIC_COOKIE } from './via.js';

// Random bytes are drawn in blocks so that per-call id generation is one slice, not one syscall.
const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let poolOffset = 0;

function randomHex(bytes: number): string {
  if (poolOffset + bytes > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return hex;
}

/** From/To tag: globally unique, at least 32 bits of randomness (https://www.rfc-editor.org/rfc/rfc3261#section-19.3). */
export function newTag(): string {
  return randomHex(8);
}

/** Via branch with the RFC 3261 magic cookie (https://www.rfc-editor.org/rfc/rfc3261#section-8.1.1.7). */
export function newBranch(): string {
  return `${BRANCH_MAGIC_COOKIE}${randomHex(10)}`;
}

/** Call-ID: random, optionally `@host` (https://www.rfc-editor.org/rfc/rfc3261#section-8.1.1.4). */
export function newCallId(host?: string): string {
  const id = randomHex(16);
  return host ? `${id}@${host}` : id;
}
