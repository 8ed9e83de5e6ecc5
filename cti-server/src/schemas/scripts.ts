import { Type } from 'typebox';
import { DateTime, Id, NullableDateTime } from './common.js';

// Call scripts: versioned guided conversations (services/console/script-content.ts checks the links).

export const ScriptKey = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[a-z0-9][a-z0-9._-]*$',
  example: 'sales-inbound',
});
/** Server call ids are UUIDs; seeded history uses `seed-000001`. */
export const CallId = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:@-]+$' });
export const Language = Type.String({
  minLength: 2,
  maxLength: 16,
  pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$',
});

const NodeId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

export const ScriptAnswer = Type.Object(
  {
    label: Text(200),
    /** The node this answer leads to; null ends the script. */
    next: Type.Union([NodeId, Type.Null()]),
  },
  { additionalProperties: false },
);

export const NodeKind = Type.Union([
  Type.Literal('say'),
  Type.Literal('question'),
  Type.Literal('offer'),
  Type.Literal('capture'),
  Type.Literal('end'),
]);

/** A node's text and answer labels (same order) in another language. */
export const NodeTranslation = Type.Object(
  {
    text: Text(4000),
    // Labels may be empty while an author types: the check reports them as missing_translation.
    answers: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 20 })),
  },
  { additionalProperties: false },
);

export const CaptureTarget = Type.Union([Type.Literal('call'), Type.Literal('customer')]);

export const ScriptNode = Type.Object(
  {
    text: Text(4000),
    answers: Type.Array(ScriptAnswer, { maxItems: 20 }),
    /** Absent: question when it has answers, else end. */
    kind: Type.Optional(NodeKind),
    i18n: Type.Optional(
      Type.Record(Language, NodeTranslation, { additionalProperties: false, maxProperties: 10 }),
    ),
    /** kind offer: the cross-sell rule the console shows; the answers are the outcomes. */
    offer: Type.Optional(Type.Object({ ruleId: Id }, { additionalProperties: false })),
    /** kind capture: the typed value is the node's answer; target customer also writes it there. */
    capture: Type.Optional(
      Type.Object(
        {
          field: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z][A-Za-z0-9_.]*$' }),
          target: CaptureTarget,
          label: Text(200),
        },
        { additionalProperties: false },
      ),
    ),
    /** Canvas layout, kept between saves. */
    position: Type.Optional(
      Type.Object({ x: Type.Number(), y: Type.Number() }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);

export const Personality = Type.Union([
  Type.Literal('expressive'),
  Type.Literal('driver'),
  Type.Literal('amiable'),
  Type.Literal('analytical'),
]);

const PersonalityTips = {
  expressive: Type.Optional(Text(2000)),
  driver: Type.Optional(Text(2000)),
  amiable: Type.Optional(Text(2000)),
  analytical: Type.Optional(Text(2000)),
};

export const ScriptContent = Type.Object(
  {
    start: NodeId,
    // additionalProperties: a node id outside the pattern would otherwise skip validation.
    nodes: Type.Record(NodeId, ScriptNode, { additionalProperties: false, maxProperties: 300 }),
    objections: Type.Array(
      Type.Object(
        {
          title: Text(200),
          text: Text(4000),
          /** The snippet in the script's other languages. */
          i18n: Type.Optional(
            Type.Record(
              Language,
              Type.Object({ title: Text(200), text: Text(4000) }, { additionalProperties: false }),
              { additionalProperties: false, maxProperties: 10 },
            ),
          ),
        },
        { additionalProperties: false },
      ),
      {
        maxItems: 50,
      },
    ),
    /** Advice per customer personality type (expressive, driver, amiable, analytical). */
    tips: Type.Object(
      {
        ...PersonalityTips,
        /** The tips in the script's other languages. */
        i18n: Type.Optional(
          Type.Record(Language, Type.Object(PersonalityTips, { additionalProperties: false }), {
            additionalProperties: false,
            maxProperties: 10,
          }),
        ),
      },
      { additionalProperties: false },
    ),
    /** Languages besides the script's own that every node is translated into (node i18n). */
    languages: Type.Optional(Type.Array(Language, { maxItems: 10, uniqueItems: true })),
  },
  { additionalProperties: false },
);

/** Customers a script is for (all given parts must hold); null or absent: everyone. */
export const ScriptAudience = Type.Object(
  {
    minVipTier: Type.Optional(Type.Integer({ minimum: 0, maximum: 9 })),
    stages: Type.Optional(
      Type.Array(
        Type.Union([
          Type.Literal('potential'),
          Type.Literal('intent'),
          Type.Literal('first_purchase'),
          Type.Literal('repeat'),
          Type.Literal('lost'),
        ]),
        { uniqueItems: true },
      ),
    ),
    quadrants: Type.Optional(
      Type.Array(
        Type.Union([Type.Literal('I'), Type.Literal('II'), Type.Literal('III'), Type.Literal('IV')]),
        { uniqueItems: true },
      ),
    ),
    segments: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { uniqueItems: true, maxItems: 20 }),
    ),
  },
  { additionalProperties: false },
);
const Campaign = Type.String({ minLength: 1, maxLength: 64 });

export const ScriptKeyParams = Type.Object({ key: ScriptKey });
export const CallIdParams = Type.Object({ callId: CallId });

export const NewScriptBody = Type.Object(
  {
    key: ScriptKey,
    title: Text(200),
    /** Omitted: the previous version's language (zh-CN for a new key). */
    language: Type.Optional(Language),
    /** Omitted: the previous version's binding; null unbinds. */
    lineId: Type.Optional(Type.Union([Id, Type.Null()])),
    queueId: Type.Optional(Type.Union([Id, Type.Null()])),
    active: Type.Optional(Type.Boolean()),
    /** Default published (live at once, after the publish checks); draft: see PUT /scripts/:key/draft. */
    status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('published')])),
    /** Omitted: the previous version's; null: everyone / no campaign. */
    audience: Type.Optional(Type.Union([ScriptAudience, Type.Null()])),
    campaign: Type.Optional(Type.Union([Campaign, Type.Null()])),
    /** Checked in services/console/script-content.ts: every `next` must name a node. */
    content: Type.Unknown(),
  },
  { additionalProperties: false },
);

/** PUT /scripts/:key/draft: omitted bindings and language carry over from the newest version. */
export const ScriptDraftBody = Type.Object(
  {
    title: Text(200),
    language: Type.Optional(Language),
    lineId: Type.Optional(Type.Union([Id, Type.Null()])),
    queueId: Type.Optional(Type.Union([Id, Type.Null()])),
    campaign: Type.Optional(Type.Union([Campaign, Type.Null()])),
    audience: Type.Optional(Type.Union([ScriptAudience, Type.Null()])),
    /** Must have the right shape (400); warnings and link errors are allowed in a draft. */
    content: Type.Unknown(),
  },
  { additionalProperties: false },
);

export const ScriptProblem = Type.Object({
  severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
  code: Type.Union([
    Type.Literal('shape'),
    Type.Literal('no_start'),
    Type.Literal('broken_link'),
    Type.Literal('dead_end'),
    Type.Literal('unreachable'),
    Type.Literal('missing_translation'),
    Type.Literal('unknown_rule'),
    Type.Literal('capture_field'),
  ]),
  nodeId: Type.Union([Type.String(), Type.Null()]),
  message: Type.String(),
});

export const ScriptCheckBody = Type.Object(
  { content: Type.Unknown(), language: Type.Optional(Language) },
  { additionalProperties: false },
);

export const ScriptCheckResult = Type.Object({ problems: Type.Array(ScriptProblem) });

/** 400 of publish (and of a published POST /scripts) when the check finds errors. */
export const ScriptProblemsError = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String(),
  error: Type.String(),
  message: Type.String(),
  /** Present with code SCRIPT_PROBLEMS. */
  problems: Type.Optional(Type.Array(ScriptProblem)),
});

export const ScriptVersionParams = Type.Object({
  key: ScriptKey,
  version: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
});

export const ScriptStatsQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
});

export const ScriptVersionStats = Type.Object({
  key: Type.String(),
  version: Type.Integer(),
  /** Calls pinned to this version (Interaction.scriptKey/scriptVersion), offeredAt in range. */
  calls: Type.Integer(),
  /** Of those, calls with stored answers for this version. */
  withAnswers: Type.Integer(),
  /** Calls whose last stored answer leads to next: null. */
  completed: Type.Integer(),
  completionRate: Type.Union([Type.Number(), Type.Null()]),
  /** Distinct (call, rule) offers with any outcome / with accepted. */
  offersMade: Type.Integer(),
  offersAccepted: Type.Integer(),
  nodes: Type.Array(
    Type.Object({
      nodeId: Type.String(),
      /** Calls with an answer stored on this node. */
      reached: Type.Integer(),
      /** Per answer label of the version (a translated label counts for its original, a capture node's typed value for its first answer); anything else counts as "(other)". */
      answers: Type.Array(Type.Object({ label: Type.String(), count: Type.Integer() })),
    }),
  ),
});

export const ScriptPreviewBody = Type.Object(
  {
    content: Type.Unknown(),
    language: Type.Optional(Language),
    customerId: Type.Optional(Type.Union([Id, Type.Null()])),
    agentName: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

/** Placeholder values: agent, customer, customer.name, customer.tier, … ('' when unknown). */
export const ScriptFields = Type.Record(Type.String(), Type.String());

export const ScriptPreview = Type.Object({
  /** The content as the console gets it: localized to `language` when the script has it. */
  content: ScriptContent,
  fields: ScriptFields,
});

export const ScriptListQuery = Type.Object({
  active: Type.Optional(Type.Boolean()),
  status: Type.Optional(
    Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('retired')]),
  ),
  language: Type.Optional(Language),
});

export const ForCallQuery = Type.Object({
  /** Overrides the signed-in user's locale. */
  lang: Type.Optional(Language),
});

export const ScriptView = Type.Object({
  id: Type.String(),
  key: Type.String(),
  version: Type.Integer(),
  title: Type.String(),
  language: Type.String(),
  lineId: Type.Union([Type.String(), Type.Null()]),
  queueId: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  /** draft (never shown to agents) | published | retired */
  status: Type.String(),
  /** When it went live; a call gets the newest version published before it started. */
  publishedAt: NullableDateTime,
  audience: Type.Union([ScriptAudience, Type.Null()]),
  campaign: Type.Union([Type.String(), Type.Null()]),
  content: ScriptContent,
  createdById: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime,
});

export const ScriptSummary = Type.Omit(ScriptView, ['content']);

export const ScriptForCall = Type.Object({
  callId: Type.String(),
  /** line: bound to the dialled line; queue: bound to the call's queue. */
  matchedBy: Type.Union([
    Type.Literal('line-audience'),
    Type.Literal('line'),
    Type.Literal('queue-audience'),
    Type.Literal('queue'),
    Type.Literal('campaign-audience'),
    Type.Literal('campaign'),
  ]),
  /** Content localized to the wanted language when the script has it (languages/i18n). */
  script: ScriptView,
  /** Placeholder values for the call's customer and the signed-in agent. */
  fields: ScriptFields,
  /** The running script experiment that picked the version, if any. */
  experiment: Type.Union([
    Type.Object({ id: Type.String(), variant: Type.Union([Type.Literal('A'), Type.Literal('B')]) }),
    Type.Null(),
  ]),
  /** The other scripts that fit the call (e.g. the same script in another language). */
  alternatives: Type.Array(
    Type.Object({
      key: Type.String(),
      version: Type.Integer(),
      title: Type.String(),
      language: Type.String(),
    }),
  ),
});

export const ScriptAnswersBody = Type.Object(
  {
    scriptKey: ScriptKey,
    version: Type.Integer({ minimum: 1 }),
    answers: Type.Array(
      Type.Object(
        { nodeId: NodeId, answer: Text(500), at: Type.String({ format: 'date-time' }) },
        { additionalProperties: false },
      ),
      { maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);

export const ScriptAnswersView = Type.Object({
  interactionId: Type.String(),
  callId: Type.String(),
  scriptAnswers: Type.Object({
    scriptKey: Type.String(),
    version: Type.Integer(),
    answers: Type.Array(Type.Object({ nodeId: Type.String(), answer: Type.String(), at: Type.String() })),
    savedBy: Type.String(),
    savedAt: Type.String(),
  }),
});
