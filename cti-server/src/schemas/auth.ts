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
  role: Role,
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
  user: UserView,
});
