import { Type } from 'typebox';

const Transport = Type.Union([Type.Literal('udp'), Type.Literal('tcp'), Type.Literal('tls')]);
const Direction = Type.Union([Type.Literal('inbound'), Type.Literal('outbound'), Type.Literal('both')]);

const trunkFields = {
  direction: Type.Optional(Direction),
  /** Comma-separated CIDRs the carrier signals from (IPv4/IPv6). */
  allowedCidrs: Type.Optional(Type.String({ maxLength: 2000 })),
  inboundUsername: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
  inboundPassword: Type.Optional(Type.Union([Type.String({ minLength: 8, maxLength: 200 }), Type.Null()])),
  host: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 255 }), Type.Null()])),
  port: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 65535 }), Type.Null()])),
  transport: Type.Optional(Transport),
  username: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
  password: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  register: Type.Optional(Type.Boolean()),
  callerId: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  enabled: Type.Optional(Type.Boolean()),
};

export const NewTrunkBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' }), ...trunkFields },
  { additionalProperties: false },
);
export const TrunkPatchBody = Type.Object(trunkFields, { additionalProperties: false, minProperties: 1 });

/** What the API shows of a trunk: secrets are never returned. */
export const TrunkView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  direction: Type.String(),
  allowedCidrs: Type.String(),
  inboundUsername: Type.Union([Type.String(), Type.Null()]),
  hasInboundPassword: Type.Boolean(),
  host: Type.Union([Type.String(), Type.Null()]),
  port: Type.Union([Type.Integer(), Type.Null()]),
  transport: Type.String(),
  username: Type.Union([Type.String(), Type.Null()]),
  hasPassword: Type.Boolean(),
  register: Type.Boolean(),
  callerId: Type.Union([Type.String(), Type.Null()]),
  enabled: Type.Boolean(),
});
