import { Type } from 'typebox';
import { Role } from './auth.js';
import { DateTime, Nullable } from './common.js';

// The administration of people (issue 14): users and agents, skills, teams, the audit log.

export const Locale = Type.Union([Type.Literal('zh-CN'), Type.Literal('en')]);
export const SkillKind = Type.Union([Type.Literal('skill'), Type.Literal('language')]);

/** 3–6 digits, unique: the agent's phone number inside the centre and its SIP username. */
export const Extension = Type.String({ pattern: '^[0-9]{3,6}$' });
const Username = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.@-]+$' });
const DisplayName = Type.String({ minLength: 1, maxLength: 100 });
/** At least 8 characters. */
export const Password = Type.String({ minLength: 8, maxLength: 256 });
const SkillName = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' });
const Team = Type.String({ minLength: 1, maxLength: 64 });

/** A skill an agent holds, proficiency 1 (novice) … 5 (expert). */
export const SkillGrant = Type.Object(
  { skill: SkillName, proficiency: Type.Integer({ minimum: 1, maximum: 5 }) },
  { additionalProperties: false },
);
const Skills = Type.Array(SkillGrant, { maxItems: 100 });
/** Spoken languages: names of skills of kind "language" (zh, en, …). */
const Languages = Type.Array(SkillName, { maxItems: 20 });

export const AdminAgent = Type.Object({
  extension: Type.String(),
  team: Nullable(Type.String()),
  languages: Type.Array(Type.String()),
  skills: Type.Array(Type.Object({ skill: Type.String(), proficiency: Type.Integer() })),
  mayDialOut: Type.Boolean(),
});

/** A user as the administration sees it: never a password hash, HA1 or SIP password. */
export const AdminUser = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  /** The primary role first. */
  roles: Type.Array(Role),
  locale: Locale,
  active: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  agent: Nullable(AdminAgent),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const AdminUsersQuery = Type.Object({
  role: Type.Optional(Role),
  active: Type.Optional(Type.Boolean()),
  /** Part of the username, display name or extension (any case). */
  q: Type.Optional(Type.String({ maxLength: 100 })),
});

export const AdminUserList = Type.Object({ users: Type.Array(AdminUser) });
export const AdminUserResponse = Type.Object({ user: AdminUser });

export const NewUserBody = Type.Object(
  {
    username: Username,
    displayName: DisplayName,
    /** The first is the primary role. */
    roles: Type.Array(Role, { minItems: 1, maxItems: 4 }),
    /** The web password; the user must change it at the first login. */
    password: Password,
    locale: Type.Optional(Locale),
    agent: Type.Optional(
      Type.Object(
        {
          extension: Extension,
          team: Type.Optional(Nullable(Team)),
          languages: Type.Optional(Languages),
          skills: Type.Optional(Skills),
          mayDialOut: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const CreatedUser = Type.Object({
  user: AdminUser,
  /** The desk phone's SIP password, generated for an agent and shown this once (stored as HA1). */
  sipPassword: Nullable(Type.String()),
});

/** Supervisors may send only `agent.skills`. */
export const UserPatchBody = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    roles: Type.Optional(Type.Array(Role, { minItems: 1, maxItems: 4 })),
    locale: Type.Optional(Locale),
    agent: Type.Optional(
      Type.Object(
        {
          team: Type.Optional(Nullable(Team)),
          languages: Type.Optional(Languages),
          skills: Type.Optional(Skills),
          mayDialOut: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const SetPasswordBody = Type.Object({ password: Password }, { additionalProperties: false });
export const SipPasswordResponse = Type.Object({
  /** Shown once: only its HA1 is stored. */
  sipPassword: Type.String(),
});

export const SkillView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: SkillKind,
  description: Nullable(Type.String()),
  /** Active agents holding it. */
  agents: Type.Integer(),
  /** Active agents holding it at proficiency 1, 2, 3, 4 and 5 (index 0 is proficiency 1). */
  proficiencies: Type.Array(Type.Integer(), { minItems: 5, maxItems: 5 }),
  /** Names of the queues requiring it (disabled ones too). */
  queues: Type.Array(Type.String()),
});
export const SkillList = Type.Object({ skills: Type.Array(SkillView) });
export const SkillResponse = Type.Object({ skill: SkillView });
export const NewSkillBody = Type.Object(
  {
    name: SkillName,
    kind: Type.Optional(SkillKind),
    description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);
/** A skill keeps its name once agents or queues use it (they match it by name). */
export const SkillPatchBody = Type.Object(
  {
    name: Type.Optional(SkillName),
    description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const TeamView = Type.Object({ name: Type.String(), agents: Type.Integer() });
export const TeamList = Type.Object({ teams: Type.Array(TeamView) });

export const AuditQuery = Type.Object({
  /** user | skill | trunk | dial_rule | … */
  entity: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  entityId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  /** The actor's user id or username. */
  actor: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  /** e.g. user.disable */
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  /** nextCursor of the page before. */
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});

export const AuditEntryView = Type.Object({
  id: Type.String(),
  at: DateTime,
  actor: Nullable(Type.Object({ id: Type.String(), username: Type.String() })),
  action: Type.String(),
  entity: Type.String(),
  entityId: Type.String(),
  summary: Type.String(),
  /** The entity as the API showed it before the change (null when it was created), secrets redacted. */
  before: Type.Unknown(),
  after: Type.Unknown(),
});
export const AuditPage = Type.Object({
  entries: Type.Array(AuditEntryView),
  nextCursor: Nullable(Type.String()),
});

// The bulk import of users and agents from CSV (POST /api/admin/users/import).

export const UsersImportQuery = Type.Object({
  /** true: check every row and write nothing. */
  dryRun: Type.Optional(Type.Boolean({ default: false })),
});
export const UsersImportBody = Type.Object(
  {
    /** The file's text: a header row (username, displayName, roles, password, extension, team, languages, skills, locale). */
    csv: Type.String({ minLength: 1, maxLength: 2_000_000 }),
  },
  { additionalProperties: false },
);
export const ImportRowError = Type.Object({
  /** The column, or "csv" for the file itself. */
  field: Type.String(),
  message: Type.String(),
});
export const ImportRowReport = Type.Object({
  /** The row's line number in the file (the header is line 1). */
  row: Type.Integer(),
  username: Type.String(),
  status: Type.Union([Type.Literal('ok'), Type.Literal('error')]),
  errors: Type.Array(ImportRowError),
});
export const ImportedUser = Type.Object({
  row: Type.Integer(),
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  extension: Nullable(Type.String()),
  /** The desk phone's SIP password of an agent, shown this once (stored as HA1). */
  sipPassword: Nullable(Type.String()),
  /** The web password generated for a row that gave none, shown this once. */
  password: Nullable(Type.String()),
});
export const UsersImportResult = Type.Object({
  dryRun: Type.Boolean(),
  rows: Type.Array(ImportRowReport),
  /** Users created (0 on a dry run). */
  created: Type.Integer(),
  users: Type.Array(ImportedUser),
});
/** 400: the report, every row with its problems; nothing was written. */
export const UsersImportRefused = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String(),
  error: Type.String(),
  message: Type.String(),
  rows: Type.Optional(Type.Array(ImportRowReport)),
  created: Type.Optional(Type.Integer()),
});
