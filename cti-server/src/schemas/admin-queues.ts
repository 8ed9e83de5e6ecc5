import { Type, type TOptional, type TSchema } from 'typebox';
import { DateTime, Nullable } from './common.js';

// The administration of queues, not-ready reason codes and dispositions (issue 14).

export const QueueName = Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9_-]+$' });
const DisplayName = Type.String({ minLength: 1, maxLength: 100 });
const SkillName = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' });
const Proficiency = Type.Integer({ minimum: 1, maximum: 5 });
export const Code = Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9_]+$' });

export const Strategy = Type.Union([
  Type.Literal('least_busy'),
  Type.Literal('longest_idle'),
  Type.Literal('fewest_calls'),
  Type.Literal('most_proficient'),
  Type.Literal('round_robin'),
]);

/** A skill the queue requires (a skill of kind "language" is the queue's language). */
export const QueueSkillNeed = Type.Object(
  { skill: SkillName, minProficiency: Proficiency },
  { additionalProperties: false },
);

/** After `afterSeconds` of waiting in the queue this step and every earlier one apply. */
export const RelaxationStepBody = Type.Object(
  {
    afterSeconds: Type.Integer({ minimum: 0, maximum: 86_400 }),
    /** Lower every required skill's minimum to at most this. */
    minProficiency: Type.Optional(Proficiency),
    /** Stop requiring these skills. */
    dropSkills: Type.Optional(Type.Array(SkillName, { maxItems: 20 })),
    /** Agents holding all of these also qualify (an overflow team). */
    addSkills: Type.Optional(
      Type.Array(
        Type.Object(
          { skill: SkillName, minProficiency: Type.Optional(Proficiency) },
          { additionalProperties: false },
        ),
        { maxItems: 20 },
      ),
    ),
    /** Stop requiring the queue's language. */
    anyLanguage: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** Where a call goes after the maximum wait. */
export const OverflowBody = Type.Union([
  Type.Object({ kind: Type.Literal('none') }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('queue'), queueId: Type.String({ minLength: 1, maxLength: 64 }) },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('voicemail') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('callback') }, { additionalProperties: false }),
]);

const QueueFields = {
  displayName: DisplayName,
  skills: Type.Array(QueueSkillNeed, { maxItems: 20 }),
  strategy: Strategy,
  relaxation: Type.Array(RelaxationStepBody, { maxItems: 10 }),
  /** Added to every waiting call's priority (a VIP tier is worth 10): higher queues first. */
  basePriority: Type.Integer({ minimum: -100, maximum: 100 }),
  serviceLevelSeconds: Type.Integer({ minimum: 1, maximum: 3600 }),
  /** Percent of calls to answer within serviceLevelSeconds. */
  serviceLevelTarget: Type.Integer({ minimum: 1, maximum: 100 }),
  maxWaitSeconds: Type.Integer({ minimum: 10, maximum: 86_400 }),
  overflow: OverflowBody,
  /** Null: the server's default (20 s). */
  ringTimeoutSeconds: Nullable(Type.Integer({ minimum: 5, maximum: 300 })),
  wrapUpSeconds: Type.Integer({ minimum: 0, maximum: 3600 }),
  requireDisposition: Type.Boolean(),
  /** Disposition codes agents may give this queue's calls; null: all of them. */
  dispositions: Nullable(Type.Array(Code, { maxItems: 100 })),
  /** Seconds between position announcements to a waiting caller; 0 never; null the server's. */
  announceEverySeconds: Nullable(Type.Integer({ minimum: 0, maximum: 3600 })),
};

const optional = <T extends Record<string, TSchema>>(fields: T) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Type.Optional(v)])) as {
    [K in keyof T]: TOptional<T[K]>;
  };

export const NewQueueBody = Type.Object(
  { name: QueueName, ...optional(QueueFields), displayName: DisplayName },
  { additionalProperties: false },
);
/** The name never changes: IVR flows, transfers and mailboxes use it. */
export const QueuePatchBody = Type.Object(optional(QueueFields), {
  additionalProperties: false,
  minProperties: 1,
});

export const OverflowView = Type.Union([
  Type.Object({ kind: Type.Literal('none') }),
  Type.Object({ kind: Type.Literal('queue'), queueId: Type.String(), queueName: Type.String() }),
  Type.Object({ kind: Type.Literal('voicemail') }),
  Type.Object({ kind: Type.Literal('callback') }),
]);

export const AdminQueue = Type.Object({
  id: Type.String(),
  name: Type.String(),
  displayName: Type.String(),
  active: Type.Boolean(),
  strategy: Strategy,
  skills: Type.Array(
    Type.Object({ skill: Type.String(), kind: Type.String(), minProficiency: Type.Integer() }),
  ),
  relaxation: Type.Array(
    Type.Object({
      afterSeconds: Type.Number(),
      minProficiency: Type.Optional(Type.Integer()),
      dropSkills: Type.Optional(Type.Array(Type.String())),
      addSkills: Type.Optional(
        Type.Array(Type.Object({ skill: Type.String(), minProficiency: Type.Optional(Type.Integer()) })),
      ),
      anyLanguage: Type.Optional(Type.Boolean()),
    }),
  ),
  basePriority: Type.Number(),
  serviceLevelSeconds: Type.Integer(),
  serviceLevelTarget: Type.Integer(),
  maxWaitSeconds: Type.Integer(),
  overflow: OverflowView,
  ringTimeoutSeconds: Nullable(Type.Number()),
  wrapUpSeconds: Type.Integer(),
  requireDisposition: Type.Boolean(),
  dispositions: Nullable(Type.Array(Type.String())),
  announceEverySeconds: Nullable(Type.Number()),
  musicOnHold: Nullable(
    Type.Object({
      id: Type.String(),
      originalName: Type.String(),
      durationMs: Type.Integer(),
      sampleRate: Type.Integer(),
    }),
  ),
  /** Lines (DNIS) that send their calls here. */
  lines: Type.Array(Type.Object({ id: Type.String(), dnis: Type.String(), name: Type.String() })),
  createdAt: DateTime,
});

export const AdminQueueList = Type.Object({ queues: Type.Array(AdminQueue) });
export const AdminQueueResponse = Type.Object({ queue: AdminQueue });

export const QueueMember = Type.Object({
  agentId: Type.String(),
  extension: Type.String(),
  displayName: Type.String(),
  team: Nullable(Type.String()),
  /** The agent's proficiency in each skill the queue requires. */
  skills: Type.Array(Type.Object({ skill: Type.String(), proficiency: Type.Integer() })),
  languages: Type.Array(Type.String()),
});
export const QueueMembers = Type.Object({
  members: Type.Array(QueueMember),
  /** Set when no active agent can serve the queue. */
  warning: Nullable(Type.String()),
});

export const MusicUploadQuery = Type.Object({
  /** The uploaded file's name, kept for the screen. */
  filename: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});

/** A not-ready reason or a disposition: its code and its labels in both languages. */
export const LabelledCodeBody = Type.Object(
  {
    code: Code,
    labels: Type.Object(
      {
        'zh-CN': Type.String({ minLength: 1, maxLength: 100 }),
        en: Type.String({ minLength: 1, maxLength: 100 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export const CodeListBody = Type.Object(
  { codes: Type.Array(LabelledCodeBody, { minItems: 1, maxItems: 100 }) },
  { additionalProperties: false },
);
export const CodeList = Type.Object({
  codes: Type.Array(
    Type.Object({
      code: Type.String(),
      labels: Type.Object({ 'zh-CN': Type.String(), en: Type.String() }),
      /** Not-ready reasons only: set by the system (missed call…); always accepted. */
      system: Type.Optional(Type.Boolean()),
      /** Dispositions only: queues that list this code. */
      queues: Type.Optional(Type.Array(Type.String())),
    }),
  ),
});
