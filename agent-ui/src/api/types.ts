// What the console reads from the CTI server comes from the server's own contract (its REST
// schemas and socket events), type-only: nothing of the server reaches the bundle.
export type {
  AgentStateChange,
  AgentStatus,
  AgentView,
  CallEndedPayload,
  CallEventPayload,
  CallbackView,
  CallbacksChangedEvent,
  ClientToServerEvents,
  CreatedCustomer,
  Customer360,
  CustomerSummary,
  ErrorResponse,
  InteractionSummary,
  IvrPathEntry,
  IvrPathView,
  LoginResponse,
  LookupResponse,
  OfferOutcome,
  OfferView,
  PhoneRegistrationEvent,
  QueueView,
  Role,
  ReorderSuggestion,
  ScriptContent,
  ScriptForCall,
  ScriptView,
  ServerEventName,
  ServerEventPayload,
  ServerToClientEvents,
  SipCredentials,
  TicketDetail,
  TicketUpdateView,
  TicketView,
  UserView,
} from '@kefu/cti-server/contract';
// Supervision (the wallboard's pushes and GET /api/supervisor/board).
export type {
  AgentDay,
  AgentDayCall,
  AgentForcedNotice,
  AgentDaySegment,
  AlertKind,
  Level,
  LiveCallPhase,
  MonitorMode,
  MonitorNotice,
  MonitorSessionView,
  StaffingNow,
  SupervisionSettingsPatch,
  SupervisionSettingsView,
  SupervisorAlert,
  SupervisorBoard,
  WallboardAgent,
  WallboardCall,
  WallboardInterval,
  WallboardQueue,
} from '@kefu/cti-server/contract';
/** As the server sends it; the console works with `ConsoleConfig` below. */
export type { ConsoleConfig as ServerConsoleConfig } from '@kefu/cti-server/contract';

// The console's own shapes.

/** A code with its label in both console languages (the server may label only one). */
export interface LabelledCode {
  code: string;
  label: { 'zh-CN': string; en: string };
  /** Set by the system (missed call…): shown, never offered in the picker. */
  system?: boolean;
}

/** GET /api/console/config as the console uses it: labelled in both languages, never empty. */
export interface ConsoleConfig {
  notReadyReasons: LabelledCode[];
  dispositions: LabelledCode[];
}
