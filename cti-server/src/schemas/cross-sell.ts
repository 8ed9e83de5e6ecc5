import { Type } from 'typebox';
import { DateTime, Id, NullableDateTime } from './common.js';
import { Language } from './scripts.js';

const Sku = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9_.-]+$',
  example: 'KF-ROUTER-100',
});

/** All given conditions must hold (AND); an empty object matches every customer. */
export const CrossSellConditions = Type.Object(
  {
    ownsSku: Type.Optional(Sku),
    notOwnsSku: Type.Optional(Sku),
    segments: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { minItems: 1, uniqueItems: true }),
    ),
    stages: Type.Optional(
      Type.Array(
        Type.Union([
          Type.Literal('potential'),
          Type.Literal('intent'),
          Type.Literal('first_purchase'),
          Type.Literal('repeat'),
          Type.Literal('lost'),
        ]),
        { minItems: 1, uniqueItems: true },
      ),
    ),
    quadrants: Type.Optional(
      Type.Array(
        Type.Union([Type.Literal('I'), Type.Literal('II'), Type.Literal('III'), Type.Literal('IV')]),
        {
          minItems: 1,
          uniqueItems: true,
        },
      ),
    ),
    minVipTier: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
    /** true: only with an open complaint (service recovery); false: only without. */
    hasOpenComplaint: Type.Optional(Type.Boolean()),
    /** The customer's city, exact match. */
    regions: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, uniqueItems: true }),
    ),
    /** Days since the newest order not cancelled/returned; a customer who never bought matches a min, not a max. */
    minDaysSinceLastPurchase: Type.Optional(Type.Integer({ minimum: 0, maximum: 36500 })),
    maxDaysSinceLastPurchase: Type.Optional(Type.Integer({ minimum: 0, maximum: 36500 })),
  },
  { additionalProperties: false },
);

const ruleFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]),
  /** Higher first. */
  priority: Type.Integer({ minimum: -1000, maximum: 1000 }),
  active: Type.Boolean(),
  conditions: CrossSellConditions,
  offerSku: Sku,
  pitch: Type.String({ minLength: 1, maxLength: 2000 }),
  pitchEn: Type.Union([Type.String({ minLength: 1, maxLength: 2000 }), Type.Null()]),
  suppressOnOpenComplaint: Type.Boolean(),
  /** Offered only from / until (inclusive, ISO date-time); null: no limit. */
  validFrom: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  validTo: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
};

export const NewRuleBody = Type.Object(
  {
    name: ruleFields.name,
    description: Type.Optional(ruleFields.description),
    priority: Type.Optional(ruleFields.priority),
    active: Type.Optional(ruleFields.active),
    conditions: ruleFields.conditions,
    offerSku: ruleFields.offerSku,
    pitch: ruleFields.pitch,
    pitchEn: Type.Optional(ruleFields.pitchEn),
    suppressOnOpenComplaint: Type.Optional(ruleFields.suppressOnOpenComplaint),
    validFrom: Type.Optional(ruleFields.validFrom),
    validTo: Type.Optional(ruleFields.validTo),
  },
  { additionalProperties: false },
);

export const RulePatchBody = Type.Partial(Type.Object(ruleFields), {
  additionalProperties: false,
  minProperties: 1,
});

export const ProductRef = Type.Object({
  id: Type.String(),
  sku: Type.String(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  priceCents: Type.Integer(),
});

export const RuleView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  priority: Type.Integer(),
  active: Type.Boolean(),
  conditions: CrossSellConditions,
  offerProduct: ProductRef,
  pitch: Type.String(),
  pitchEn: Type.Union([Type.String(), Type.Null()]),
  suppressOnOpenComplaint: Type.Boolean(),
  validFrom: NullableDateTime,
  validTo: NullableDateTime,
  createdById: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime,
});

export const RuleListQuery = Type.Object({ active: Type.Optional(Type.Boolean()) });

export const OffersQuery = Type.Object({
  /** Pitch language: en gives pitchEn (when written); default: the customer's language. */
  lang: Type.Optional(Language),
  /** The call the offers are for: a running offer experiment assigns it a variant. */
  callId: Type.Optional(Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:@-]+$' })),
});

export const OfferView = Type.Object({
  ruleId: Type.String(),
  name: Type.String(),
  priority: Type.Integer(),
  pitch: Type.String(),
  language: Type.String(),
  product: ProductRef,
});

export const OfferParams = Type.Object({ id: Id, ruleId: Id });

export const Outcome = Type.Union([
  Type.Literal('offered'),
  Type.Literal('accepted'),
  Type.Literal('declined'),
]);

export const OfferOutcomeBody = Type.Object(
  {
    outcome: Outcome,
    callId: Type.Optional(Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:@-]+$' })),
  },
  { additionalProperties: false },
);

export const OfferRecordView = Type.Object({
  id: Type.String(),
  ruleId: Type.String(),
  customerId: Type.String(),
  interactionId: Type.Union([Type.String(), Type.Null()]),
  agentId: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
  at: DateTime,
});

export const CrossSellReportQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
});

export const CrossSellReportRow = Type.Object({
  ruleId: Type.String(),
  name: Type.String(),
  active: Type.Boolean(),
  offered: Type.Integer(),
  accepted: Type.Integer(),
  declined: Type.Integer(),
  /** accepted / (accepted + declined); null before any answer. */
  conversionRate: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
});

export const MatchBody = Type.Object(
  {
    conditions: CrossSellConditions,
    /** true: customers with an open complaint are left out (as the rule would at offer time). */
    suppressOnOpenComplaint: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const MatchSample = Type.Object({
  id: Type.String(),
  name: Type.String(),
  accountNumber: Type.String(),
  vipTier: Type.Integer(),
  lifecycleStage: Type.String(),
  valueQuadrant: Type.Union([Type.String(), Type.Null()]),
  segment: Type.String(),
  city: Type.Union([Type.String(), Type.Null()]),
});

export const MatchResult = Type.Object({
  count: Type.Integer({ minimum: 0 }),
  /** At most 10, highest VIP tier first. */
  sample: Type.Array(MatchSample),
});

export const ProductView = Type.Object({
  id: Type.String(),
  sku: Type.String(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  priceCents: Type.Integer(),
  active: Type.Boolean(),
});
