import { Type } from 'typebox';

/** Labels per UI language, e.g. {"zh-CN": "午餐", "en": "Lunch"}. */
export const Labels = Type.Record(Type.String(), Type.String());

export const LabelledCode = Type.Object({ code: Type.String(), labels: Labels });

export const ConsoleConfig = Type.Object({
  /** The codes PUT /api/agents/:ext/state accepts with not_ready. */
  notReadyReasons: Type.Array(
    Type.Object({
      code: Type.String(),
      labels: Labels,
      /** Set by the system (missed call, …): show it, but do not offer it in the picker. */
      system: Type.Boolean(),
    }),
  ),
  /** The codes POST /api/interactions/:callId/wrap-up accepts. */
  dispositions: Type.Array(LabelledCode),
  queues: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      displayName: Type.String(),
      wrapUpSeconds: Type.Integer(),
      requireDisposition: Type.Boolean(),
    }),
  ),
  languages: Type.Array(Type.Object({ code: Type.String(), label: Type.String() })),
});
