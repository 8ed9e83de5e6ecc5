import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthorizedError } from '../../errors.js';
import { TokenService, loadTokenSecret, type TokenClaims } from '../../services/token-service.js';
import { ConsoleSipCredentials } from '../../services/console-sip-credentials.js';

export type Role = TokenClaims['role'];

export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** Set for users who take calls. */
  agentId: string | null;
  extension: string | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    tokens: TokenService;
    /** SIP passwords for consoles' own phones (never the web password). */
    consoleSip: ConsoleSipCredentials;
    /** Resolves a bearer token to its (active) user, or null. */
    userFromToken(token: string): Promise<AuthUser | null>;
    /** onRequest hook: the caller must be signed in with one of `roles` (any role if none given). */
    authorize(...roles: Role[]): (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
  interface FastifyRequest {
    user: AuthUser;
  }
}

/** The signed-in user as routes see it, from a User row with its Agent. */
export function toAuthUser(user: {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  agent: { id: string; extension: string } | null;
}): AuthUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    agentId: user.agent?.id ?? null,
    extension: user.agent?.extension ?? null,
  };
}

export interface AuthPluginOptions {
  tokenSecret: string | undefined;
  dataDir: string;
  tokenTtlSeconds: number;
}

export default fp<AuthPluginOptions>(
  async (app, opts) => {
    const secret = loadTokenSecret(opts.tokenSecret, opts.dataDir);
    app.decorate('tokens', new TokenService(secret, opts.tokenTtlSeconds));
    app.decorate('consoleSip', new ConsoleSipCredentials(secret));
    app.decorateRequest('user', null as unknown as AuthUser);

    app.decorate('userFromToken', async (token: string): Promise<AuthUser | null> => {
      const claims = app.tokens.verify(token);
      if (!claims) return null;
      const user = await app.db.user.findUnique({ where: { id: claims.sub }, include: { agent: true } });
      return user?.active ? toAuthUser(user) : null;
    });

    app.decorate('authorize', (...roles: Role[]) => async (request: FastifyRequest) => {
      const header = request.headers.authorization ?? '';
      const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
      if (!token) throw new UnauthorizedError('missing bearer token (POST /api/auth/login first)');
      const user = await app.userFromToken(token);
      if (!user) throw new UnauthorizedError('token is invalid or expired, or the user is disabled');
      if (roles.length > 0 && !roles.includes(user.role)) {
        throw new ForbiddenError(`this needs one of the roles: ${roles.join(', ')}`);
      }
      request.user = user;
    });
  },
  { name: 'auth', dependencies: ['prisma'] },
);
