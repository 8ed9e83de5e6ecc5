import { Type } from 'typebox';
import { DateTime, NullableDateTime } from './common.js';

export const ExperimentKind = Type.Union([Type.Literal('script'), Type.Literal('offer')]);
export const ExperimentStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('running'),
  Type.Literal('stopped'),
]);
export const VariantName = Type.Union([Type.Literal('A'), Type.Literal('B')]);

/** kind script: a published version number of scriptKey ("2"); kind offer: a cross-sell rule id. */
const VariantRef = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
const ShareA = Type.Integer({ minimum: 1, maximum: 99 });
const Name = Type.String({ minLength: 1, maxLength: 200 });

export const NewExperimentBody = Type.Object(
  {
    name: Name,
    kind: ExperimentKind,
    scriptKey: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    variantA: VariantRef,
    variantB: VariantRef,
    /** Per cent of calls given variant A. */
    shareA: ShareA,
  },
  { additionalProperties: false },
);

/** Variants change only while the experiment is a draft. */
export const ExperimentPatchBody = Type.Object(
  {
    name: Type.Optional(Name),
    shareA: Type.Optional(ShareA),
    variantA: Type.Optional(VariantRef),
    variantB: Type.Optional(VariantRef),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ExperimentView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: ExperimentKind,
  scriptKey: Type.Union([Type.String(), Type.Null()]),
  variantA: Type.String(),
  variantB: Type.String(),
  shareA: Type.Integer(),
  status: ExperimentStatus,
  startedAt: NullableDateTime,
  stoppedAt: NullableDateTime,
  createdById: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime,
});

const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);

export const VariantResult = Type.Object({
  variant: VariantName,
  /** "v2" (script) or the rule's name (offer). */
  label: Type.String(),
  /** Calls assigned this variant. */
  calls: Type.Integer(),
  /** Script kind: calls whose stored answers end the script; offer kind: 0. */
  completed: Type.Integer(),
  completionRate: Rate,
  /** Distinct (call, rule) offers on these calls, any outcome (offer kind: the variant's rule). */
  offersMade: Type.Integer(),
  offersAccepted: Type.Integer(),
  /** Calls with an accepted offer / calls. */
  conversionRate: Rate,
});

export const SignificanceTest = Type.Object({
  metric: Type.Union([Type.Literal('conversion'), Type.Literal('completion')]),
  test: Type.Literal('two-proportion z-test, two-sided, pooled'),
  z: Type.Union([Type.Number(), Type.Null()]),
  pValue: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
  /** p < 0.05 and enough data. */
  significant: Type.Boolean(),
  /** Each variant has at least 5 successes and 5 failures. */
  enoughData: Type.Boolean(),
  note: Type.String(),
});

export const ExperimentResults = Type.Object({
  experiment: ExperimentView,
  variants: Type.Array(VariantResult),
  tests: Type.Array(SignificanceTest),
});
