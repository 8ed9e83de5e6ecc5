// Shapes of the CTI server's JSON (cti-server/src/schemas/*). Only the fields the console reads.

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: 'agent' | 'supervisor' | 'marketing' | 'admin';
  agentId: string | null;
  extension: string | null;
}

/** GET /api/auth/sip-credentials: what the console's phone registers with. */
export interface SipCredentials {
  username: string;
  password: string;
  realm: string;
  expiresAt: string;
}

export interface LoginResponse {
  token: string;
  expiresAt: string;
  user: User;
}

export type AgentStatus =
  'logged_out' | 'ready' | 'not_ready' | 'reserved' | 'ringing' | 'on_call' | 'wrap_up';

export interface AgentView {
  id: string;
  extension: string;
  displayName: string;
  state: AgentStatus;
  reason: string | null;
  since: string;
  callId: string | null;
  phoneRegistered: boolean;
  consoleConnected: boolean;
  wrapUpEndsAt: string | null;
  disposition: string | null;
}

/** socket.io `agent.state` (services/routing/acd-events.ts AgentStateChange). */
export interface AgentStateEvent {
  extension: string;
  from: AgentStatus;
  state: AgentStatus;
  reason: string | null;
  at: string;
  callId: string | null;
}

/** socket.io `call.offered` / `call.answered` / `call.ended`. */
export interface CallEvent {
  callId: string;
  ani: string | null;
  dnis: string | null;
  customerId: string | null;
  queueId: string | null;
  /** Sent by newer servers so the name paints without a lookup. */
  customerName?: string;
  endedBy?: 'caller' | 'agent' | 'system';
}

export interface PhoneRegistrationEvent {
  extension: string;
  registered: boolean;
}

export interface CustomerSummary {
  id: string;
  accountNumber: string;
  kind: string;
  name: string;
  companyName: string | null;
  segment: string;
  language: string;
  lifecycleStage: string;
  vipTier: number;
  valueQuadrant: string | null;
  personality: string | null;
}

export interface LookupResponse {
  e164: string;
  valid: boolean;
  matches: {
    customer: CustomerSummary;
    matchedNumber: { e164: string; label: string | null; type: string };
  }[];
}

export interface Ticket {
  id: string;
  number: string;
  type: string;
  priority: string;
  status: string;
  subject: string;
  createdAt: string;
  slaDueAt: string | null;
  escalationLevel?: number;
  /** Who works it (null: nobody yet). */
  assignee?: { id: string; displayName: string } | null;
}

/** One line of a ticket's history (TicketUpdate: created, status, priority, escalation, comment…). */
export interface TicketUpdate {
  id: string;
  kind: string;
  fromValue: string | null;
  toValue: string | null;
  note: string | null;
  at: string;
  actor?: { id: string; displayName: string } | null;
}

/** GET /api/tickets/:id. */
export interface TicketDetail extends Ticket {
  description: string | null;
  updates: TicketUpdate[];
}

/** One step of the caller's IVR path (ivr-flows IvrPathEntry, stored on Interaction.ivrPath). */
export interface IvrPathEntry {
  step: string;
  type: string;
  enteredAt: number;
  leftAt: number | null;
  keys: string;
  retries: number;
  result: string | null;
}

/** GET /api/interactions/:callId/ivr-path. */
export interface IvrPathView {
  callId: string;
  path: IvrPathEntry[] | null;
  flowId: string | null;
  outcome: { kind: string; queue?: string } | null;
}

export interface Order {
  id: string;
  number: string;
  status: string;
  totalCents: number;
  currency: string;
  orderedAt: string;
  items: { quantity: number; product: { sku: string; name: string; nameEn: string | null } }[];
}

export interface Contract {
  id: string;
  number: string;
  title: string;
  status: string;
  valueCents: number;
  startsAt: string;
  endsAt: string | null;
}

export interface Payment {
  id: string;
  amountCents: number;
  method: string;
  status: string;
  paidAt: string;
}

export interface PastInteraction {
  id: string;
  direction: string;
  offeredAt: string;
  answeredAt: string | null;
  disposition: string | null;
  notes: string | null;
  agent: { extension: string; user: { displayName: string } } | null;
}

export interface Contact {
  id: string;
  name: string;
  title?: string | null;
  email?: string | null;
  phones: { e164: string; label: string | null }[];
}

/** GET /api/customers/:id (services/crm/customer-service.ts customer360). */
export interface Customer360 extends CustomerSummary {
  email: string | null;
  city: string | null;
  notes: string | null;
  phones: { id: string; e164: string; label: string | null; isPrimary: boolean; type: string }[];
  contacts: Contact[];
  orders: Order[];
  contracts: Contract[];
  payments: Payment[];
  interactions: PastInteraction[];
  openTickets: Ticket[];
  recentTickets: Ticket[];
  hasOpenComplaint: boolean;
}

export interface LabelledCode {
  code: string;
  label: { 'zh-CN': string; en: string };
  /** Set by the system (missed call…): shown, never offered in the picker. */
  system?: boolean;
}

/** GET /api/console/config. */
export interface ConsoleConfig {
  notReadyReasons: LabelledCode[];
  dispositions: LabelledCode[];
}

/** A call script version (schemas/scripts.ts ScriptView): a graph of nodes. */
export interface CallScript {
  id: string;
  key: string;
  version: number;
  title: string;
  content: {
    start: string;
    nodes: Record<string, { text: string; answers: { label: string; next: string | null }[] }>;
    objections: { title: string; text: string }[];
    tips: Partial<Record<'expressive' | 'driver' | 'amiable' | 'analytical', string>>;
  };
}

/** GET /api/scripts/for-call/:callId. */
export interface ScriptForCall {
  callId: string;
  script: CallScript;
}

/** GET /api/customers/:id/offers (schemas/cross-sell.ts OfferView). */
export interface CrossSellPrompt {
  ruleId: string;
  name: string;
  pitch: string;
  product: { sku: string; name: string; nameEn: string | null; priceCents: number };
}

export type OfferOutcome = 'offered' | 'accepted' | 'declined';

/** POST /api/customers/:id/reorder-suggestion (schemas/reorder.ts). */
export interface ReorderSuggestion {
  product: { sku: string; name: string; nameEn: string | null };
  currentStock: number;
  lastStock: number;
  lastPurchase: number;
  sold: number;
  suggestedQuantity: number;
}

/** A caller who asked to be called back (GET /api/callbacks). */
export interface CallbackRequest {
  id: string;
  number: string;
  customer: { id: string; name: string } | null;
  queue: { id: string; name: string; displayName: string } | null;
  callId: string | null;
  source: string;
  requestedAt: string;
  status: string;
  attempts: number;
  lastAttemptAt: string | null;
  agentExtension: string | null;
}
