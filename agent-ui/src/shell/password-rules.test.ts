import { describe, expect, it } from 'vitest';
import { newPasswordProblem } from './password-rules.js';

describe('a new password', () => {
  it('is at least 8 characters, typed twice the same, and new', () => {
    expect(newPasswordProblem('demo-admin', 'short', 'short')).toBe('passwordTooShort');
    expect(newPasswordProblem('demo-admin', 'long-enough', 'long-enougH')).toBe('passwordsDiffer');
    expect(newPasswordProblem('demo-admin', 'demo-admin', 'demo-admin')).toBe('passwordSame');
    expect(newPasswordProblem('demo-admin', 'long-enough', 'long-enough')).toBeNull();
  });
});
