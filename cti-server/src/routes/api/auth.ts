import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { verifyPassword } from '@kefu/db';
import { ConflictError, UnauthorizedError } from '../../errors.js';
import { toAuthUser } from '../../services/auth/auth-user.js';
import { LoginBody, LoginResponse, SipCredentials, UserView } from '../../schemas/auth.js';
import { errors } from '../../schemas/common.js';

const auth: FastifyPluginAsyncTypebox<{ sipRealm: string }> = async (app, opts) => {
  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        security: [],
        body: LoginBody,
        response: { 200: LoginResponse, ...errors(429) },
      },
      // Password guessing is slowed per client address.
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (request) => {
      const { username, password } = request.body;
      const user = await app.db.user.findUnique({ where: { username }, include: { agent: true } });
      // Verify even for unknown users so timing does not reveal which usernames exist.
      const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !ok || !user.active) throw new UnauthorizedError('wrong username or password');
      const { token, expiresAt } = app.tokens.sign(user.id, user.role);
      return { token, expiresAt, user: toAuthUser(user) };
    },
  );

  app.get(
    '/auth/me',
    { onRequest: app.authorize(), schema: { tags: ['auth'], response: { 200: UserView, ...errors() } } },
    async (request) => request.user,
  );

  app.get(
    '/auth/sip-credentials',
    {
      onRequest: app.authorize(),
      schema: {
        tags: ['auth'],
        summary: "The console phone's SIP digest credentials (valid until expiresAt)",
        response: { 200: SipCredentials, ...errors(409) },
      },
    },
    async (request) => {
      const extension = request.user.extension;
      if (!extension) throw new ConflictError('this user has no agent extension');
      return { ...app.consoleSip.issue(extension), realm: opts.sipRealm };
    },
  );
};

// scrypt hash of a random string: makes failed logins for unknown users cost the same.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export default auth;
