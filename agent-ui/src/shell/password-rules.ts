/** The server's minimum for web passwords (POST /api/auth/password, the admin's password fields). */
export const MIN_PASSWORD_LENGTH = 8;

/** Why a new password is refused before asking the server (its rules: at least 8, and new). */
export function newPasswordProblem(
  current: string,
  next: string,
  repeated: string,
): 'passwordTooShort' | 'passwordsDiffer' | 'passwordSame' | null {
  if (next.length < MIN_PASSWORD_LENGTH) return 'passwordTooShort';
  if (next !== repeated) return 'passwordsDiffer';
  if (next === current) return 'passwordSame';
  return null;
}
