import { describe, expect, it } from 'vitest';
import { ApiError, isNotAvailable } from './api-client.js';

describe('isNotAvailable', () => {
  it('is true for a route the server does not have (an older server)', () => {
    expect(isNotAvailable(new ApiError('no route GET /api/console/config', 404, 'NOT_FOUND'))).toBe(true);
  });
  it('is false for a missing record and for other failures', () => {
    expect(isNotAvailable(new ApiError('script for call abc not found', 404, 'NOT_FOUND'))).toBe(false);
    expect(isNotAvailable(new ApiError('boom', 500))).toBe(false);
    expect(isNotAvailable(new Error('no route'))).toBe(false);
  });
});
