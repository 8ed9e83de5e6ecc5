import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface TokenClaims {
  /** User id. */
  sub: string;
  /** The primary role (the first of `roles`). */
  role: 'agent' | 'supervisor' | 'marketing' | 'admin';
  /** Every role the user held when the token was issued (authorisation reads the user row). */
  roles?: Array<'agent' | 'supervisor' | 'marketing' | 'admin'>;
  /** The user had to choose a new password when the token was issued. */
  mustChangePassword?: boolean;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/**
 * Bearer tokens: base64url(JSON claims) "." base64url(HMAC-SHA256). Stateless, so the
 * API, socket.io and the SIP side can all verify them; the user is re-read on each use,
 * so a deactivated user loses access at once.
 */
export class TokenService {
  constructor(
    private readonly secret: Buffer,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  sign(
    sub: string,
    role: TokenClaims['role'],
    extra: Pick<TokenClaims, 'roles' | 'mustChangePassword'> = {},
  ): { token: string; expiresAt: Date } {
    const exp = Math.floor(this.now() / 1000) + this.ttlSeconds;
    const claims: TokenClaims = { sub, role, ...extra, exp };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return { token: `${body}.${this.mac(body)}`, expiresAt: new Date(exp * 1000) };
  }

  verify(token: string): TokenClaims | null {
    const [body, mac] = token.split('.');
    if (!body || !mac || token.split('.').length !== 2) return null;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims;
      if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return null;
      return claims.exp * 1000 > this.now() ? claims : null;
    } catch {
      return null;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}

/** TOKEN_SECRET, or a random secret kept in the data dir so tokens survive restarts. */
export function loadTokenSecret(configured: string | undefined, dataDir: string): Buffer {
  if (configured) return Buffer.from(configured, 'utf8');
  const file = path.join(dataDir, 'token-secret');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32);
  writeFileSync(file, secret.toString('base64'), { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}
