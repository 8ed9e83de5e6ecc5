import { Type, type TProperties, type TSchema } from 'typebox';

export const ErrorResponse = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String(),
    error: Type.String(),
    message: Type.String(),
  },
  { $id: 'ErrorResponse' },
);

/** Ids are cuid-like strings; anything else is refused before it reaches the database. */
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
export const IdParams = Type.Object({ id: Id });
export const Limit = Type.Integer({ minimum: 1, maximum: 200, default: 50 });
export const DateTime = Type.Unsafe<Date>({ type: 'string', format: 'date-time' });
export const NullableDateTime = Type.Unsafe<Date | null>({ type: ['string', 'null'], format: 'date-time' });
/** For deep read models whose shape is documented by example, not re-declared. */
export const OpenObject = Type.Object({}, { additionalProperties: true });
/**
 * A read model whose declared fields are what clients may rely on; the rest of the row goes out
 * too (serialisation would otherwise drop undeclared fields other clients already read).
 */
export const Open = <P extends TProperties>(properties: P) =>
  Type.Object(properties, { additionalProperties: true });
export const Nullable = <T extends TSchema>(type: T) => Type.Union([type, Type.Null()]);

/** The error statuses every authenticated route can answer with. */
export const errors = (...statuses: number[]) =>
  Object.fromEntries([400, 401, 403, ...statuses].map((s) => [s, Type.Ref('ErrorResponse')]));
