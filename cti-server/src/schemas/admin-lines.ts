import { Type } from 'typebox';
import { DateTime, Nullable } from './common.js';

// The administration of lines (DNIS) with their business hours and holidays, and the IVR flows
// view (issue 14).

const Weekday = Type.Union([
  Type.Literal('mon'),
  Type.Literal('tue'),
  Type.Literal('wed'),
  Type.Literal('thu'),
  Type.Literal('fri'),
  Type.Literal('sat'),
  Type.Literal('sun'),
]);
const Clock = Type.String({
  pattern: '^([01][0-9]|2[0-4]):[0-5][0-9]$',
  description: 'HH:MM, 24:00 as an end',
});
/** One open interval of a day, local time, end exclusive. */
export const HoursRange = Type.Tuple([Clock, Clock]);
const DayRanges = Type.Array(HoursRange, { maxItems: 12 });

/** Open intervals per weekday; a day left out is closed. */
export const WeeklyHours = Type.Object(
  {
    mon: Type.Optional(DayRanges),
    tue: Type.Optional(DayRanges),
    wed: Type.Optional(DayRanges),
    thu: Type.Optional(DayRanges),
    fri: Type.Optional(DayRanges),
    sat: Type.Optional(DayRanges),
    sun: Type.Optional(DayRanges),
  },
  { additionalProperties: false },
);

const DateString = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD' });
/** A day the line is closed all day (its local date), with an optional name ("国庆节 National Day"). */
export const Holiday = Type.Object(
  { date: DateString, name: Nullable(Type.String({ maxLength: 100 })) },
  { additionalProperties: false },
);
const HolidayInput = Type.Union([
  DateString,
  Type.Object(
    { date: DateString, name: Type.Optional(Nullable(Type.String({ maxLength: 100 }))) },
    { additionalProperties: false },
  ),
]);

export const Dnis = Type.String({ minLength: 3, maxLength: 20, pattern: '^[0-9]+$' });
const LineName = Type.String({ minLength: 1, maxLength: 100 });
const RefId = Type.String({ minLength: 1, maxLength: 64 });
const TimeZone = Type.String({ minLength: 1, maxLength: 64 });
export const LineLanguage = Type.Union([Type.Literal('zh-CN'), Type.Literal('en')]);

/** One line as the administration sees it. */
export const AdminLine = Type.Object({
  id: Type.String(),
  dnis: Type.String(),
  name: Type.String(),
  /** The line's IVR flow (id in the flow registry); null sends calls straight to `queue`. */
  ivrFlow: Nullable(Type.String()),
  /** Where calls go without a flow, and where a flow that fails sends them. */
  queue: Nullable(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      displayName: Type.String(),
      active: Type.Boolean(),
    }),
  ),
  trunk: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  timeZone: Type.String(),
  language: Type.String(),
  /** null: a line without a flow is open all week; a line with one uses the flow's hours. */
  businessHours: Nullable(WeeklyHours),
  /** null: none of its own (a flow's line uses the flow's holidays). */
  holidays: Nullable(Type.Array(Holiday)),
  createdAt: DateTime,
});

/** "Today we are open/closed because …" */
export const LineCalendarStatus = Type.Object({
  open: Type.Boolean(),
  reason: Type.Union([
    Type.Literal('open'),
    Type.Literal('holiday'),
    Type.Literal('outside_hours'),
    Type.Literal('closed_today'),
  ]),
  /** The holiday it is, when `reason` is `holiday`. */
  holiday: Type.Optional(Holiday),
  /** Wall-clock time in the line's zone. */
  localTime: Type.Object({ date: Type.String(), time: Type.String(), weekday: Weekday }),
  timeZone: Type.String(),
  /** When it next opens or closes (within 8 days). */
  nextChange: Type.Optional(DateTime),
  /** Whose hours apply: the line's, its flow's (the line sets none), or open all week (no flow, none set). */
  hoursFrom: Type.Union([Type.Literal('line'), Type.Literal('flow'), Type.Literal('all_week')]),
});

export const AdminLineList = Type.Object({
  lines: Type.Array(Type.Intersect([AdminLine, Type.Object({ now: LineCalendarStatus })])),
});
export const AdminLineResponse = Type.Object({ line: AdminLine });

const LineFields = {
  name: LineName,
  ivrFlow: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
  queueId: RefId,
  trunkId: Type.Optional(Nullable(RefId)),
  timeZone: Type.Optional(TimeZone),
  language: Type.Optional(LineLanguage),
  businessHours: Type.Optional(Nullable(WeeklyHours)),
  holidays: Type.Optional(Nullable(Type.Array(HolidayInput, { maxItems: 400 }))),
};

export const NewLineBody = Type.Object({ dnis: Dnis, ...LineFields }, { additionalProperties: false });

export const LinePatchBody = Type.Object(
  {
    dnis: Type.Optional(Dnis),
    name: Type.Optional(LineName),
    ivrFlow: LineFields.ivrFlow,
    queueId: Type.Optional(RefId),
    trunkId: LineFields.trunkId,
    timeZone: LineFields.timeZone,
    language: LineFields.language,
    businessHours: LineFields.businessHours,
    holidays: LineFields.holidays,
  },
  { additionalProperties: false },
);

export const CalendarQuery = Type.Object({
  /** The instant to judge (default now). */
  at: Type.Optional(Type.String({ format: 'date-time' })),
});

export const IvrFlowProblem = Type.Object({
  severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
  message: Type.String(),
});

export const IvrFlowSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  /** 1, 2 … counted per flow since the server started (a watched file edited loads a new one). */
  version: Type.Integer(),
  /** `built-in`, or the file it was loaded from. */
  source: Type.String(),
  loadedAt: DateTime,
  /** Queues its steps hand calls to. */
  queues: Type.Array(Type.String()),
  lines: Type.Array(Type.Object({ id: Type.String(), dnis: Type.String(), name: Type.String() })),
  problems: Type.Array(IvrFlowProblem),
});

export const IvrFlowList = Type.Object({
  flows: Type.Array(IvrFlowSummary),
  /** Lines naming a flow that is not loaded. */
  problems: Type.Array(IvrFlowProblem),
});

export const IvrFlowGraph = Type.Object({
  flow: IvrFlowSummary,
  graph: Type.Object({
    flowId: Type.String(),
    name: Type.String(),
    start: Type.String(),
    nodes: Type.Array(
      Type.Object({
        id: Type.String(),
        type: Type.String(),
        label: Type.String(),
        start: Type.Optional(Type.Boolean()),
        final: Type.Optional(Type.Boolean()),
      }),
    ),
    edges: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), label: Type.String() })),
  }),
});

export const FlowIdParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' }),
});
