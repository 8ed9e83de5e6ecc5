import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { verifyPassword } from '@kefu/db';
import { BadRequestError, ConflictError, TooManyRequestsError, UnauthorizedError } from '../../errors.js';
import { toAuthUser } from '../../services/auth/auth-user.js';
import { LoginThrottle } from '../../services/auth/login-throttle.js';
import {
  LoginBody,
  LoginResponse,
  PasswordChangeBody,
  SipCredentials,
  UserView,
} from '../../schemas/auth.js';
import { changeOwnPassword } from '../../services/admin/people.js';
import { errors } from '../../schemas/common.js';

const auth: FastifyPluginAsyncTypebox<{ sipRealm: string }> = async (app, opts) => {
  // Password guessing is throttled per (client address, username), with a ceiling per address
  // (services/auth/login-throttle.ts): nobody's wrong attempts lock out someone else on the same
  // address. A plain per-address request limit would lock an office behind one NAT out (issue 13).
  const throttle = new LoginThrottle();

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        security: [],
        body: LoginBody,
        response: { 200: LoginResponse, ...errors(429) },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const outcome = await throttle.attempt(request.ip, username, async () => {
        const user = await app.db.user.findUnique({
          where: { username },
          include: { agent: true, roles: { select: { role: true } } },
        });
        // Verify even for unknown users so timing does not reveal which usernames exist.
        const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
        return user && ok && user.active ? user : null;
      });
      if (outcome.kind === 'throttled') {
        // https://www.rfc-editor.org/rfc/rfc6585#section-4: 429 MAY say how long to wait.
        reply.header('Retry-After', String(outcome.retryAfterSeconds));
        throw new TooManyRequestsError(
          outcome.reason === 'busy'
            ? 'too many logins at once from this address; try again in a second'
            : `too many failed logins; try again in ${outcome.retryAfterSeconds} s`,
        );
      }
      if (outcome.kind === 'wrong') throw new UnauthorizedError('wrong username or password');
      const user = toAuthUser(outcome.value);
      const { roles, mustChangePassword } = user;
      const { token, expiresAt } = app.tokens.sign(user.id, user.role, { roles, mustChangePassword });
      return { token, expiresAt, roles, mustChangePassword, user };
    },
  );

  app.get(
    '/auth/me',
    { onRequest: app.authorize(), schema: { tags: ['auth'], response: { 200: UserView, ...errors() } } },
    async (request) => request.user,
  );

  app.post(
    '/auth/password',
    {
      onRequest: app.authorize(),
      schema: {
        tags: ['auth'],
        summary: 'Change your own web password (clears mustChangePassword)',
        body: PasswordChangeBody,
        response: { 204: Type.Null(), ...errors(429) },
      },
    },
    async (request, reply) => {
      const { currentPassword, newPassword } = request.body;
      const me = request.user;
      // The current password is checked like a login (same throttle): a stolen token alone
      // cannot take the account over.
      const outcome = await throttle.attempt(request.ip, me.username, async () => {
        const row = await app.db.user.findUnique({ where: { id: me.id }, select: { passwordHash: true } });
        return row && (await verifyPassword(currentPassword, row.passwordHash)) ? row : null;
      });
      if (outcome.kind === 'throttled') {
        reply.header('Retry-After', String(outcome.retryAfterSeconds));
        throw new TooManyRequestsError(
          `too many wrong passwords; try again in ${outcome.retryAfterSeconds} s`,
        );
      }
      if (outcome.kind === 'wrong')
        throw new BadRequestError('the current password is wrong', 'WRONG_PASSWORD');
      if (newPassword === currentPassword)
        throw new BadRequestError('the new password must differ from the current one', 'SAME_PASSWORD');
      await changeOwnPassword(app.db, me.id, newPassword);
      return reply.status(204).send(null);
    },
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
