// The REST API's JSON as clients receive it, from the routes' own TypeBox schemas (src/schemas),
// so a schema change shows up in the console's type-check. Type-only: nothing here reaches a
// bundle.
import type { Static, TSchema } from 'typebox';
import type * as admin from '../schemas/admin.js';
import type * as adminQueues from '../schemas/admin-queues.js';
import type * as adminConfig from '../schemas/admin-config.js';
import type * as adminLines from '../schemas/admin-lines.js';
import type * as agents from '../schemas/agents.js';
import type * as auth from '../schemas/auth.js';
import type * as callbacks from '../schemas/callbacks.js';
import type * as common from '../schemas/common.js';
import type * as consoleConfig from '../schemas/console-config.js';
import type * as crossSell from '../schemas/cross-sell.js';
import type * as customers from '../schemas/customers.js';
import type * as experiments from '../schemas/experiments.js';
import type * as interactions from '../schemas/interactions.js';
import type * as marketingReports from '../schemas/marketing-reports.js';
import type * as outbound from '../schemas/outbound.js';
import type * as reorder from '../schemas/reorder.js';
import type * as reports from '../schemas/reports.js';
import type * as scripts from '../schemas/scripts.js';
import type * as supervisor from '../schemas/supervisor.js';
import type * as tickets from '../schemas/tickets.js';

/** A value after JSON.stringify and JSON.parse: dates become ISO strings. */
export type Json<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

/** What a schema's value looks like on the client's side of the wire. */
export type Wire<S extends TSchema> = Json<Static<S>>;

/** Every error status: `{ statusCode, code, error, message }`. */
export type ErrorResponse = Wire<typeof common.ErrorResponse>;

// auth
export type Role = Wire<typeof auth.Role>;
export type UserView = Wire<typeof auth.UserView>;
/** POST /api/auth/login */
export type LoginResponse = Wire<typeof auth.LoginResponse>;
/** GET /api/auth/sip-credentials */
export type SipCredentials = Wire<typeof auth.SipCredentials>;
/** POST /api/auth/password body (answered 204) */
export type PasswordChange = Wire<typeof auth.PasswordChangeBody>;

// agents and queues
export type AgentStatus = Wire<typeof agents.AgentStatus>;
/** GET /api/agents/:ext, PUT /api/agents/:ext/state */
export type AgentView = Wire<typeof agents.AgentView>;
/** GET /api/queues (one per queue) */
export type QueueView = Wire<typeof agents.QueueView>;

/** GET /api/console/config */
export type ConsoleConfig = Wire<typeof consoleConfig.ConsoleConfig>;

// customers
export type CustomerSummary = Wire<typeof customers.CustomerSummary>;
/** GET /api/customers/lookup?phone= */
export type LookupResponse = Wire<typeof customers.LookupResponse>;
/** GET /api/customers/:id */
export type Customer360 = Wire<typeof customers.Customer360>;
/** POST /api/customers */
export type CreatedCustomer = Wire<typeof customers.CreatedCustomer>;

// tickets
export type TicketType = Wire<typeof tickets.TicketType>;
export type TicketPriority = Wire<typeof tickets.TicketPriority>;
export type TicketStatus = Wire<typeof tickets.TicketStatus>;
/** POST /api/tickets, PATCH /api/tickets/:id, GET /api/tickets, the 360's tickets */
export type TicketView = Wire<typeof tickets.TicketView>;
export type TicketUpdateView = Wire<typeof tickets.TicketUpdateView>;
/** GET /api/tickets/:id */
export type TicketDetail = Wire<typeof tickets.TicketDetail>;

// calls
/** GET /api/interactions (one per call) */
export type InteractionSummary = Wire<typeof interactions.InteractionSummary>;
export type IvrPathEntry = Wire<typeof interactions.IvrPathEntry>;
/** GET /api/interactions/:callId/ivr-path */
export type IvrPathView = Wire<typeof interactions.IvrPathView>;

// call scripts
export type ScriptView = Wire<typeof scripts.ScriptView>;
export type ScriptContent = Wire<typeof scripts.ScriptContent>;
/** GET /api/scripts/for-call/:callId */
export type ScriptForCall = Wire<typeof scripts.ScriptForCall>;
/** GET /api/scripts (one per version) */
export type ScriptSummary = Wire<typeof scripts.ScriptSummary>;
export type ScriptAudience = Wire<typeof scripts.ScriptAudience>;
/** PUT /api/scripts/:key/draft body */
export type ScriptDraftBody = Wire<typeof scripts.ScriptDraftBody>;
export type ScriptProblem = Wire<typeof scripts.ScriptProblem>;
/** POST /api/scripts/check */
export type ScriptCheckResult = Wire<typeof scripts.ScriptCheckResult>;
/** 400 of POST /api/scripts/:key/publish (code SCRIPT_PROBLEMS carries problems) */
export type ScriptProblemsError = Wire<typeof scripts.ScriptProblemsError>;
/** GET /api/scripts/:key/versions/:version/stats */
export type ScriptVersionStats = Wire<typeof scripts.ScriptVersionStats>;
/** POST /api/scripts/preview */
export type ScriptPreview = Wire<typeof scripts.ScriptPreview>;

// cross-sell and reorder
/** GET /api/customers/:id/offers (one per prompt) */
export type OfferView = Wire<typeof crossSell.OfferView>;
export type OfferOutcome = Wire<typeof crossSell.Outcome>;
/** POST /api/customers/:id/reorder-suggestion */
export type ReorderSuggestion = Wire<typeof reorder.ReorderSuggestion>;

// callbacks
export type CallbackStatus = Wire<typeof callbacks.CallbackStatus>;
/** GET /api/callbacks (one per request), PATCH /api/callbacks/:id */
export type CallbackView = Wire<typeof callbacks.CallbackView>;

// outbound policy (toll-fraud guard; admins write, supervisors read)
export type DialRuleScope = Wire<typeof outbound.DialRuleScope>;
export type DialRuleAction = Wire<typeof outbound.DialRuleAction>;
/** GET /api/outbound/rules (one per rule), POST /api/outbound/rules, PATCH /api/outbound/rules/:id */
export type DialRuleView = Wire<typeof outbound.DialRuleView>;
/** POST /api/outbound/rules body */
export type NewDialRule = Wire<typeof outbound.NewDialRuleBody>;
/** PATCH /api/outbound/rules/:id body */
export type DialRulePatch = Wire<typeof outbound.DialRulePatchBody>;
/** GET /api/outbound/agents (one per agent), PATCH /api/outbound/agents/:extension */
export type AgentOutboundView = Wire<typeof outbound.AgentOutboundView>;
/** PATCH /api/outbound/agents/:extension body */
export type AgentOutboundChange = Wire<typeof outbound.AgentOutboundBody>;
/** GET /api/outbound/trunks (one per trunk), PATCH /api/outbound/trunks/:name */
export type TrunkOutboundView = Wire<typeof outbound.TrunkOutboundView>;
/** PATCH /api/outbound/trunks/:name body */
export type TrunkOutboundChange = Wire<typeof outbound.TrunkOutboundBody>;
/** GET /api/outbound/refusals (one per refusal, newest first) */
export type OutboundRefusalView = Wire<typeof outbound.RefusalView>;
/** POST /api/outbound/check body: would this number from this agent go out? */
export type OutboundCheck = Wire<typeof outbound.OutboundCheckBody>;
/** POST /api/outbound/check: the policy's decision and the rule that decided (nothing counted or stored) */
export type OutboundCheckResult = Wire<typeof outbound.OutboundCheckResult>;

// administration of people (issue 14; admins write, supervisors read and change agents' skills)
export type Locale = Wire<typeof admin.Locale>;
export type SkillKind = Wire<typeof admin.SkillKind>;
export type SkillGrant = Wire<typeof admin.SkillGrant>;
export type AdminAgent = Wire<typeof admin.AdminAgent>;
/** One user as the administration sees it (never a secret) */
export type AdminUser = Wire<typeof admin.AdminUser>;
/** GET /api/admin/users?role=&active=&q= */
export type AdminUserList = Wire<typeof admin.AdminUserList>;
/** GET /api/admin/users/:id, PATCH /api/admin/users/:id, POST /api/admin/users/:id/disable and /enable */
export type AdminUserResponse = Wire<typeof admin.AdminUserResponse>;
/** POST /api/admin/users body */
export type NewUser = Wire<typeof admin.NewUserBody>;
/** POST /api/admin/users (201): the user, and the agent's SIP password shown once */
export type CreatedUser = Wire<typeof admin.CreatedUser>;
/** PATCH /api/admin/users/:id body (supervisors: agent.skills only) */
export type UserPatch = Wire<typeof admin.UserPatchBody>;
/** PUT /api/admin/users/:id/password body (answered 204) */
export type SetPassword = Wire<typeof admin.SetPasswordBody>;
/** POST /api/admin/users/:id/sip-password */
export type SipPasswordResponse = Wire<typeof admin.SipPasswordResponse>;
export type AdminSkill = Wire<typeof admin.SkillView>;
/** GET /api/admin/skills */
export type AdminSkillList = Wire<typeof admin.SkillList>;
/** POST /api/admin/skills (201), PATCH /api/admin/skills/:id */
export type AdminSkillResponse = Wire<typeof admin.SkillResponse>;
/** POST /api/admin/skills body */
export type NewSkill = Wire<typeof admin.NewSkillBody>;
/** PATCH /api/admin/skills/:id body */
export type SkillPatch = Wire<typeof admin.SkillPatchBody>;
export type TeamView = Wire<typeof admin.TeamView>;
/** GET /api/admin/teams */
export type TeamList = Wire<typeof admin.TeamList>;
export type AuditEntry = Wire<typeof admin.AuditEntryView>;
/** GET /api/admin/audit?entity=&entityId=&actor=&action=&from=&to=&limit=&cursor= */
export type AuditPage = Wire<typeof admin.AuditPage>;
/** POST /api/admin/users/import?dryRun= body: the CSV's text */
export type UsersImportBody = Wire<typeof admin.UsersImportBody>;
export type ImportRowReport = Wire<typeof admin.ImportRowReport>;
export type ImportedUser = Wire<typeof admin.ImportedUser>;
/** POST /api/admin/users/import (200): the per-row report; the created users' one-time passwords */
export type UsersImportResult = Wire<typeof admin.UsersImportResult>;
/** POST /api/admin/users/import (400 INVALID_CSV): the per-row report, nothing created */
export type UsersImportRefused = Wire<typeof admin.UsersImportRefused>;

// configuration as code (issue 14; admins only): GET /api/admin/config/export?format=yaml|json
// answers the document as text
/** POST /api/admin/config/import?dryRun= body: the document's YAML or JSON text */
export type ConfigImportBody = Wire<typeof adminConfig.ConfigImportBody>;
/** POST /api/admin/config/import (200): what changed, or would with dryRun=true */
export type ConfigImportResult = Wire<typeof adminConfig.ConfigImportResult>;
export type ConfigEntityChange = Wire<typeof adminConfig.ConfigEntityChange>;
export type ConfigFieldChange = Wire<typeof adminConfig.ConfigFieldChange>;
export type ConfigProblem = Wire<typeof adminConfig.ConfigProblem>;
/** POST /api/admin/config/import (400 INVALID_CONFIG): every problem, nothing changed */
export type ConfigProblems = Wire<typeof adminConfig.ConfigProblems>;

// queues, not-ready reason codes and dispositions (issue 14; admins write, supervisors read)
export type QueueStrategy = Wire<typeof adminQueues.Strategy>;
/** One queue as the administration sees it */
export type AdminQueue = Wire<typeof adminQueues.AdminQueue>;
/** GET /api/admin/queues */
export type AdminQueueList = Wire<typeof adminQueues.AdminQueueList>;
/** GET, PATCH /api/admin/queues/:id, POST /api/admin/queues (201), /disable, /enable, music-on-hold */
export type AdminQueueResponse = Wire<typeof adminQueues.AdminQueueResponse>;
/** POST /api/admin/queues body */
export type NewQueue = Wire<typeof adminQueues.NewQueueBody>;
/** PATCH /api/admin/queues/:id body */
export type QueuePatch = Wire<typeof adminQueues.QueuePatchBody>;
export type QueueOverflow = Wire<typeof adminQueues.OverflowBody>;
export type RelaxationStep = Wire<typeof adminQueues.RelaxationStepBody>;
/** GET /api/admin/queues/:id/members */
export type QueueMembers = Wire<typeof adminQueues.QueueMembers>;
/** GET, PUT /api/admin/not-ready-reasons and /api/admin/dispositions */
export type AdminCodeList = Wire<typeof adminQueues.CodeList>;
/** PUT /api/admin/not-ready-reasons and /api/admin/dispositions body */
export type AdminCodeListBody = Wire<typeof adminQueues.CodeListBody>;

// lines (DNIS), business hours, holidays and the IVR flows view (issue 14; admins write, supervisors read)
/** One line as the administration sees it */
export type AdminLine = Wire<typeof adminLines.AdminLine>;
/** GET /api/admin/lines: each line with `now`, its opening status */
export type AdminLineList = Wire<typeof adminLines.AdminLineList>;
/** GET, PATCH /api/admin/lines/:id, POST /api/admin/lines (201) */
export type AdminLineResponse = Wire<typeof adminLines.AdminLineResponse>;
/** POST /api/admin/lines body */
export type NewLine = Wire<typeof adminLines.NewLineBody>;
/** PATCH /api/admin/lines/:id body */
export type LinePatch = Wire<typeof adminLines.LinePatchBody>;
export type LineWeeklyHours = Wire<typeof adminLines.WeeklyHours>;
export type LineHoliday = Wire<typeof adminLines.Holiday>;
/** GET /api/admin/lines/:id/calendar?at=: "today we are open/closed because …" */
export type LineCalendarStatus = Wire<typeof adminLines.LineCalendarStatus>;
/** GET /api/admin/ivr-flows */
export type IvrFlowList = Wire<typeof adminLines.IvrFlowList>;
export type IvrFlowSummary = Wire<typeof adminLines.IvrFlowSummary>;
/** GET /api/admin/ivr-flows/:id */
export type IvrFlowGraph = Wire<typeof adminLines.IvrFlowGraph>;

// supervisor workspace (issue 15; supervisors and admins). GET /api/supervisor/board answers the
// contract's SupervisorBoard (services/supervision/supervision-events.ts).
/** GET /api/supervisor/agents/:ext/day?date=YYYY-MM-DD: the agent's state timeline and calls that local day */
export type AgentDay = Wire<typeof supervisor.AgentDay>;
export type AgentDaySegment = Wire<typeof supervisor.AgentDaySegment>;
export type AgentDayCall = Wire<typeof supervisor.AgentDayCall>;
/** GET, PUT /api/supervisor/settings */
export type SupervisionSettingsView = Wire<typeof supervisor.SupervisionSettingsView>;
/** PUT /api/supervisor/settings body: any subset */
export type SupervisionSettingsPatch = Wire<typeof supervisor.SupervisionSettingsPatch>;

// reports (issue 17; supervisors and admins)
/** GET /api/reports/queue-intervals?from&to&size&queueId (…/queue-intervals.csv answers the same as CSV text) */
export type QueueIntervalsReport = Wire<typeof reports.QueueIntervalsReport>;
export type QueueIntervalsQuery = Wire<typeof reports.QueueIntervalsQuery>;
export type QueueFigures = Wire<typeof reports.QueueFigures>;
export type QueueInterval = Wire<typeof reports.QueueInterval>;
/** GET /api/reports/dimensions: the queues, lines, teams and agents the reports filter by */
export type ReportDimensions = Wire<typeof reports.ReportDimensions>;
/** GET /api/reports/agents?from&to&agentId&team (…/agents.csv and .xlsx the same as files) */
export type AgentPerformanceReport = Wire<typeof reports.AgentPerformanceReport>;
export type AgentPerformanceRow = Wire<typeof reports.AgentPerformanceRow>;
/** GET /api/reports/lines?from&to&lineId (…/lines.csv and .xlsx the same as files) */
export type LinesIvrReport = Wire<typeof reports.LinesIvrReport>;
export type LineIvrFigures = Wire<typeof reports.LineIvrFigures>;

// cross-sell rules, experiments and conversion (issue 16; marketing and admins write, supervisors read)
/** GET /api/cross-sell-rules (one per rule), POST /api/cross-sell-rules (201), PATCH /api/cross-sell-rules/:id */
export type RuleView = Wire<typeof crossSell.RuleView>;
export type CrossSellConditions = Wire<typeof crossSell.CrossSellConditions>;
/** POST /api/cross-sell-rules body */
export type NewRule = Wire<typeof crossSell.NewRuleBody>;
/** PATCH /api/cross-sell-rules/:id body */
export type RulePatch = Wire<typeof crossSell.RulePatchBody>;
/** POST /api/cross-sell-rules/match body */
export type MatchRequest = Wire<typeof crossSell.MatchBody>;
/** POST /api/cross-sell-rules/match: the count in the database and up to 10 customers, highest tier first */
export type MatchResult = Wire<typeof crossSell.MatchResult>;
export type MatchSample = Wire<typeof crossSell.MatchSample>;
/** GET /api/products (one per product) */
export type ProductView = Wire<typeof crossSell.ProductView>;
/** GET /api/reports/cross-sell (one per rule) */
export type CrossSellReportRow = Wire<typeof crossSell.CrossSellReportRow>;
export type ExperimentKind = Wire<typeof experiments.ExperimentKind>;
export type ExperimentStatus = Wire<typeof experiments.ExperimentStatus>;
/** GET /api/experiments (one per experiment), POST (201), PATCH /api/experiments/:id, POST …/start, …/stop */
export type ExperimentView = Wire<typeof experiments.ExperimentView>;
/** POST /api/experiments body */
export type NewExperiment = Wire<typeof experiments.NewExperimentBody>;
/** PATCH /api/experiments/:id body */
export type ExperimentPatch = Wire<typeof experiments.ExperimentPatchBody>;
/** GET /api/experiments/:id/results */
export type ExperimentResults = Wire<typeof experiments.ExperimentResults>;
export type VariantResult = Wire<typeof experiments.VariantResult>;
export type SignificanceTest = Wire<typeof experiments.SignificanceTest>;
/** GET /api/marketing/conversion?from&to (GET /api/marketing/conversion.csv?from&to&of=scripts|rules answers CSV text) */
export type ConversionReport = Wire<typeof marketingReports.ConversionReport>;
export type ScriptConversion = Wire<typeof marketingReports.ScriptConversion>;
export type RuleConversion = Wire<typeof marketingReports.RuleConversion>;
export type ScriptBindingTargets = Wire<typeof marketingReports.ScriptBindingTargets>;
/** GET /api/reports/customers */
export type CustomerAnalytics = Wire<typeof marketingReports.CustomerAnalytics>;
