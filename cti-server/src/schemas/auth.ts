import { Type } from 'typebox';

export const Role = Type.Union([
  Type.Literal('agent'),
  Type.Literal('supervisor'),
  Type.Literal('marketing'),
  Type.Literal('admin'),
]);

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

export const UserView = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  /** The primary role (the first of `roles`). */
  role: Role,
  /** Every role the user holds, the primary one first: the web app offers a workspace per role. */
  roles: Type.Array(Role),
  /** The password was set by an administrator: the web app asks for a new one (POST /api/auth/password). */
  mustChangePassword: Type.Boolean(),
  agentId: Type.Union([Type.String(), Type.Null()]),
  extension: Type.Union([Type.String(), Type.Null()]),
});

/** The console's SIP digest credentials (its phone registers with these, not the web password). */
export const SipCredentials = Type.Object({
  username: Type.String(),
  password: Type.String(),
  realm: Type.String(),
  expiresAt: Type.Unsafe<Date>({ type: 'string', format: 'date-time' }),
});

export const LoginResponse = Type.Object({
  token: Type.String(),
  expiresAt: Type.Unsafe<Date>({ type: 'string', format: 'date-time' }),
  /** The same as `user.roles` and `user.mustChangePassword` (and the token's claims). */
  roles: Type.Array(Role),
  mustChangePassword: Type.Boolean(),
  user: UserView,
});

/** POST /api/auth/password: the signed-in user's own web password. */
export const PasswordChangeBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
    newPassword: Type.String({ minLength: 8, maxLength: 256 }),
  },
  { additionalProperties: false },
);
