import {
  createHash,
  randomBytes,
  scrypt,
  timingSafeEqual,
  type BinaryLike,
  type ScryptOptions,
} from 'node:crypto';

const scryptAsync = (password: BinaryLike, salt: BinaryLike, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

/** Web login password hash: `scrypt$N$r$p$salt$hash` (salt and hash base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, KEYLEN, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(expected, actual);
}

export type DigestAlgorithm = 'MD5' | 'SHA-256';

/**
 * HA1 = H(username ":" realm ":" password) (RFC 7616 §3.4.2). Stored instead of the SIP
 * password so the registrar can verify digest responses without keeping the secret.
 */
export function sipHa1(
  username: string,
  realm: string,
  password: string,
  algorithm: DigestAlgorithm,
): string {
  return createHash(algorithm === 'MD5' ? 'md5' : 'sha256')
    .update(`${username}:${realm}:${password}`)
    .digest('hex');
}

export function sipRealm(env: NodeJS.ProcessEnv = process.env): string {
  return env.SIP_REALM ?? 'kefu';
}
