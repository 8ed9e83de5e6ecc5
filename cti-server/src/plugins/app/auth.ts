import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthorizedError } from '../../errors.js';
import { TokenService, loadTokenSecret } from '../../services/auth/token-service.js';
import { hasRole, toAuthUser, type AuthUser, type Role } from '../../services/auth/auth-user.js';
import { ConsoleSipCredentials } from '../../services/auth/console-sip-credentials.js';

declare module 'fastify' {
  interface FastifyInstance {
    tokens: TokenService;
    /** SIP passwords for consoles' own phones (never the web password). */
    consoleSip: ConsoleSipCredentials;
    /** Resolves a bearer token to its (active) user, or null. */
    userFromToken(token: string): Promise<AuthUser | null>;
    /** onRequest hook: the caller must be signed in holding one of `roles` (any role if none given). */
    authorize(...roles: Role[]): (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
  interface FastifyRequest {
    user: AuthUser;
  }
}

export { hasRole, toAuthUser, type AuthUser, type Role };

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
      const user = await app.db.user.findUnique({
        where: { id: claims.sub },
        include: { agent: true, roles: { select: { role: true } } },
      });
      return user?.active ? toAuthUser(user) : null;
    });

    app.decorate('authorize', (...roles: Role[]) => async (request: FastifyRequest) => {
      const header = request.headers.authorization ?? '';
      const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
      if (!token) throw new UnauthorizedError('missing bearer token (POST /api/auth/login first)');
      const user = await app.userFromToken(token);
      if (!user) throw new UnauthorizedError('token is invalid or expired, or the user is disabled');
      if (roles.length > 0 && !hasRole(user, ...roles)) {
        throw new ForbiddenError(`this needs one of the roles: ${roles.join(', ')}`);
      }
      request.user = user;
    });
  },
  { name: 'auth', dependencies: ['prisma'] },
);
