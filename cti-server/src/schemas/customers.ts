import { Type } from 'typebox';
import { DateTime, Nullable, NullableDateTime, Open } from './common.js';
import { TicketView } from './tickets.js';

export const LifecycleStage = Type.Union([
  Type.Literal('potential'),
  Type.Literal('intent'),
  Type.Literal('first_purchase'),
  Type.Literal('repeat'),
  Type.Literal('lost'),
]);
export const Quadrant = Type.Union([
  Type.Literal('I'),
  Type.Literal('II'),
  Type.Literal('III'),
  Type.Literal('IV'),
]);
export const Personality = Type.Union([
  Type.Literal('expressive'),
  Type.Literal('driver'),
  Type.Literal('amiable'),
  Type.Literal('analytical'),
]);

export const CustomerSummary = Type.Object({
  id: Type.String(),
  accountNumber: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  companyName: Nullable(Type.String()),
  segment: Type.String(),
  language: Type.String(),
  lifecycleStage: Type.String(),
  vipTier: Type.Integer(),
  valueQuadrant: Nullable(Type.String()),
  personality: Nullable(Type.String()),
});

export const CustomerPhone = Open({
  id: Type.String(),
  e164: Type.String(),
  label: Nullable(Type.String()),
  isPrimary: Type.Boolean(),
  /** mobile, fixed_line, toll_free, voip, unknown */
  type: Type.String(),
});

/** POST /api/customers: the new customer with its numbers. */
export const CreatedCustomer = Open({ ...CustomerSummary.properties, phones: Type.Array(CustomerPhone) });

const ProductName = Type.Object({ sku: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()) });

/**
 * GET /api/customers/:id, the customer 360 (services/crm/customer-service.ts): the 20 latest of
 * each history, open tickets apart. More of each row is sent than declared here.
 */
export const Customer360 = Open({
  ...CustomerSummary.properties,
  email: Nullable(Type.String()),
  city: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  phones: Type.Array(CustomerPhone),
  contacts: Type.Array(
    Open({
      id: Type.String(),
      name: Type.String(),
      title: Nullable(Type.String()),
      email: Nullable(Type.String()),
      phones: Type.Array(CustomerPhone),
    }),
  ),
  orders: Type.Array(
    Open({
      id: Type.String(),
      number: Type.String(),
      status: Type.String(),
      totalCents: Type.Integer(),
      currency: Type.String(),
      orderedAt: DateTime,
      items: Type.Array(Open({ quantity: Type.Integer(), product: ProductName })),
    }),
  ),
  contracts: Type.Array(
    Open({
      id: Type.String(),
      number: Type.String(),
      title: Type.String(),
      status: Type.String(),
      valueCents: Type.Integer(),
      startsAt: DateTime,
      endsAt: NullableDateTime,
    }),
  ),
  payments: Type.Array(
    Open({
      id: Type.String(),
      amountCents: Type.Integer(),
      method: Type.String(),
      status: Type.String(),
      paidAt: DateTime,
    }),
  ),
  /** Past calls, newest first. */
  interactions: Type.Array(
    Open({
      id: Type.String(),
      direction: Type.String(),
      ani: Nullable(Type.String()),
      dnis: Nullable(Type.String()),
      offeredAt: DateTime,
      answeredAt: NullableDateTime,
      endedAt: NullableDateTime,
      disposition: Nullable(Type.String()),
      notes: Nullable(Type.String()),
      agent: Nullable(
        Type.Object({ extension: Type.String(), user: Type.Object({ displayName: Type.String() }) }),
      ),
    }),
  ),
  openTickets: Type.Array(TicketView),
  recentTickets: Type.Array(TicketView),
  hasOpenComplaint: Type.Boolean(),
});

export const LookupQuery = Type.Object({ phone: Type.String({ minLength: 1, maxLength: 64 }) });
export const LookupResponse = Type.Object({
  e164: Type.String(),
  valid: Type.Boolean(),
  matches: Type.Array(
    Type.Object({
      customer: CustomerSummary,
      matchedNumber: Type.Object({
        e164: Type.String(),
        isPrimary: Type.Boolean(),
        label: Nullable(Type.String()),
        type: Type.String(),
      }),
    }),
  ),
});

export const SearchQuery = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 100 }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});

export const NewCustomerBody = Type.Object(
  {
    kind: Type.Optional(Type.Union([Type.Literal('individual'), Type.Literal('company')])),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    companyName: Type.Optional(Type.String({ maxLength: 200 })),
    segment: Type.Optional(Type.String({ maxLength: 32 })),
    language: Type.Optional(Type.String({ maxLength: 16 })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
    city: Type.Optional(Type.String({ maxLength: 100 })),
    phones: Type.Optional(
      Type.Array(
        Type.Object(
          {
            number: Type.String({ minLength: 1, maxLength: 64 }),
            label: Type.Optional(Type.String({ maxLength: 32 })),
          },
          { additionalProperties: false },
        ),
        { maxItems: 10 },
      ),
    ),
  },
  { additionalProperties: false },
);

export const CustomerPatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    companyName: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 200 }))),
    city: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    language: Type.Optional(Type.String({ maxLength: 16 })),
    segment: Type.Optional(Type.String({ maxLength: 32 })),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
    vipTier: Type.Optional(Type.Integer({ minimum: 0, maximum: 5 })),
    valueQuadrant: Type.Optional(Nullable(Quadrant)),
    personality: Type.Optional(Nullable(Personality)),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const LifecycleBody = Type.Object(
  {
    stage: LifecycleStage,
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);

export const LifecycleResponse = Type.Object({
  id: Type.String(),
  lifecycleStage: Type.String(),
  stageEnteredAt: DateTime,
});

export const StuckQuery = Type.Object({
  owner: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});
