import { Type } from 'typebox';

/** Configuration as code (issue 14): GET /api/admin/config/export, POST /api/admin/config/import. */

export const ConfigExportQuery = Type.Object({
  format: Type.Optional(Type.Union([Type.Literal('yaml'), Type.Literal('json')], { default: 'yaml' })),
});

export const ConfigImportQuery = Type.Object({
  /** true: only say what would change (nothing is written). */
  dryRun: Type.Optional(Type.Boolean({ default: false })),
});

/** The document's text, YAML or JSON (as exported), up to 5 MB. */
export const ConfigImportBody = Type.Object(
  { document: Type.String({ minLength: 1, maxLength: 5 * 1024 * 1024 }) },
  { additionalProperties: false },
);

export const ConfigEntity = Type.Union([
  Type.Literal('skill'),
  Type.Literal('user'),
  Type.Literal('queue'),
  Type.Literal('line'),
  Type.Literal('trunk'),
  Type.Literal('dialRule'),
  Type.Literal('setting'),
]);
export const ConfigChangeAction = Type.Union([
  Type.Literal('create'),
  Type.Literal('update'),
  Type.Literal('disable'),
  Type.Literal('delete'),
]);

export const ConfigFieldChange = Type.Object({
  /** e.g. wrapUpSeconds, agent.skills */
  field: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
});

export const ConfigEntityChange = Type.Object({
  entity: ConfigEntity,
  /** Natural key: name, username, DNIS, setting key, or scope:target:pattern for a dial rule. */
  key: Type.String(),
  action: ConfigChangeAction,
  fields: Type.Array(ConfigFieldChange),
});

const Counts = Type.Object({
  create: Type.Integer(),
  update: Type.Integer(),
  disable: Type.Integer(),
  delete: Type.Integer(),
});

export const ConfigProblem = Type.Object({
  /** Where in the document, e.g. queues[2].skills[0].skill */
  path: Type.String(),
  message: Type.String(),
  /** The line in the document's text, when known. */
  line: Type.Optional(Type.Integer()),
});

export const ConfigImportResult = Type.Object({
  dryRun: Type.Boolean(),
  /** "1 queue updated, 1 skill created" or "no changes". */
  summary: Type.String(),
  counts: Type.Object({
    skill: Counts,
    user: Counts,
    queue: Counts,
    line: Counts,
    trunk: Counts,
    dialRule: Counts,
    setting: Counts,
  }),
  changes: Type.Array(ConfigEntityChange),
  /** Accepted, but worth knowing: e.g. an enabled queue no enabled agent can serve. */
  warnings: Type.Array(ConfigProblem),
});

/**
 * 400: every problem of the document (code INVALID_CONFIG); nothing was written. A request the
 * route's schemas refuse (code VALIDATION) has no `problems`.
 */
export const ConfigProblems = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String(),
  error: Type.String(),
  message: Type.String(),
  problems: Type.Optional(Type.Array(ConfigProblem)),
});
