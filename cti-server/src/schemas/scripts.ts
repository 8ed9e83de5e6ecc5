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

export const ScriptNode = Type.Object(
  { text: Text(4000), answers: Type.Array(ScriptAnswer, { maxItems: 20 }) },
  { additionalProperties: false },
);

export const Personality = Type.Union([
  Type.Literal('expressive'),
  Type.Literal('driver'),
  Type.Literal('amiable'),
  Type.Literal('analytical'),
]);

export const ScriptContent = Type.Object(
  {
    start: NodeId,
    // additionalProperties: a node id outside the pattern would otherwise skip validation.
    nodes: Type.Record(NodeId, ScriptNode, { additionalProperties: false, maxProperties: 300 }),
    objections: Type.Array(
      Type.Object({ title: Text(200), text: Text(4000) }, { additionalProperties: false }),
      {
        maxItems: 50,
      },
    ),
    /** Advice per customer personality type (expressive, driver, amiable, analytical). */
    tips: Type.Object(
      {
        expressive: Type.Optional(Text(2000)),
        driver: Type.Optional(Text(2000)),
        amiable: Type.Optional(Text(2000)),
        analytical: Type.Optional(Text(2000)),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

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
    /** Checked in services/console/script-content.ts: every `next` must name a node. */
    content: Type.Unknown(),
  },
  { additionalProperties: false },
);

export const ScriptListQuery = Type.Object({
  active: Type.Optional(Type.Boolean()),
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
  content: ScriptContent,
  createdById: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime,
});

export const ScriptSummary = Type.Omit(ScriptView, ['content']);

export const ScriptForCall = Type.Object({
  callId: Type.String(),
  /** line: bound to the dialled line; queue: bound to the call's queue. */
  matchedBy: Type.Union([Type.Literal('line'), Type.Literal('queue')]),
  script: ScriptView,
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
