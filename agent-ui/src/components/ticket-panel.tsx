import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ApiClient } from '../api/api-client.js';
import { queryKeys } from '../api/query-keys.js';
import type { InteractionSummary, TicketDetail, TicketUpdateView, TicketView } from '../api/types.js';
import { newestFirst, slaState } from '../call/tickets.js';
import { useI18n } from '../i18n/i18n-context.js';
import { useSignedIn } from '../session/session-context.js';
import { AsyncView } from './async-view.js';

const TYPES = ['inquiry', 'complaint', 'repair', 'return', 'billing', 'other'] as const;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
const STATUSES = ['open', 'in_progress', 'pending_customer', 'resolved', 'closed'] as const;

interface Props {
  api: ApiClient;
  customerId: string;
  callId: string;
  openTickets: TicketView[];
}

/**
 * Open a ticket from the call (the customer and the call linked), or work one of the customer's
 * open tickets: status, priority, escalate, a note, the history; each shows its SLA due time.
 */
export function TicketPanel({ api, customerId, callId, openTickets }: Props) {
  const { t, code } = useI18n();
  const queryClient = useQueryClient();
  const [tickets, setTickets] = useState(openTickets);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const onCreate = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    try {
      const interactionId = await interactionIdOf(api, callId);
      const created = await api.post<TicketView>('/api/tickets', {
        customerId,
        type: f.get('type'),
        // Left to the server, a complaint starts at high priority.
        ...(f.get('priority') ? { priority: f.get('priority') } : {}),
        subject: String(f.get('subject')).trim(),
        description: String(f.get('description') ?? '') || undefined,
        ...(interactionId ? { interactionId } : {}),
      });
      setTickets((list) => [created, ...list]);
      setMessage(t('ticketCreated', { number: created.number }));
      setError(null);
      form.reset();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const change = async (ticket: TicketView, patch: Record<string, unknown>) => {
    try {
      const updated = await api.patch<TicketView>(`/api/tickets/${ticket.id}`, patch);
      setTickets((list) => list.map((x) => (x.id === ticket.id ? updated : x)));
      // An open history reloads in place; a closed one when it opens.
      void queryClient.invalidateQueries({ queryKey: queryKeys.ticket(ticket.id) });
      setError(null);
      return true;
    } catch (err) {
      setError((err as Error).message);
      return false;
    }
  };

  return (
    <section className="panel" aria-label={t('newTicket')} data-testid="ticket-panel">
      <h3>{t('newTicket')}</h3>
      <form className="stack" onSubmit={onCreate}>
        <label>
          {t('ticketType')}
          <select name="type" defaultValue="inquiry" data-testid="ticket-type">
            {TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {code('type', ty)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('ticketPriority')}
          <select name="priority" defaultValue="" data-testid="ticket-new-priority">
            <option value="">{t('priorityByType')}</option>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {code('priority', p)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('ticketSubject')} <input name="subject" required maxLength={300} data-testid="ticket-subject" />
        </label>
        <label>
          {t('ticketDescription')} <textarea name="description" rows={2} maxLength={20000} />
        </label>
        <button type="submit" data-testid="create-ticket">
          {t('createTicket')}
        </button>
      </form>
      {message && <p role="status">{message}</p>}
      {tickets.length > 0 && (
        <ul className="ticket-list">
          {tickets.map((tk) => (
            <TicketRow key={tk.id} api={api} ticket={tk} onChange={change} />
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" className="error">
          {t('error', { message: error })}
        </p>
      )}
    </section>
  );
}

interface RowProps {
  api: ApiClient;
  ticket: TicketView;
  onChange(ticket: TicketView, patch: Record<string, unknown>): Promise<boolean>;
}

/** One ticket: SLA due time, status, priority, escalate, a note, its history. */
function TicketRow({ api, ticket: tk, onChange }: RowProps) {
  const { t, code, dateTime } = useI18n();
  const { user } = useSignedIn();
  const [historyOpen, setHistoryOpen] = useState(false);
  const [note, setNote] = useState('');
  const sla = slaState(tk.slaDueAt, tk.status);
  const level = tk.escalationLevel;
  return (
    <li
      data-testid="ticket-row"
      data-ticket={tk.number}
      className={tk.type === 'complaint' ? 'complaint' : ''}
    >
      <p>
        <strong>{tk.number}</strong> · {tk.subject} · {code('type', tk.type)}
        {tk.slaDueAt && sla !== 'none' && (
          <span className={sla === 'ok' ? 'muted' : 'error'} data-testid="ticket-sla" data-sla={sla}>
            {' · '}
            {t(sla === 'overdue' ? 'slaOverdue' : 'slaDue', { time: dateTime(tk.slaDueAt) })}
          </span>
        )}
        {level > 0 && (
          <span className="warning" data-testid="ticket-escalation">
            {' · '}
            {t('escalatedLevel', { level })}
          </span>
        )}
        <span className="muted" data-testid="ticket-assignee">
          {' · '}
          {tk.assignee ? t('assignedTo', { name: tk.assignee.displayName }) : t('unassigned')}
        </span>
      </p>
      <div className="ticket-actions">
        <select
          aria-label={t('ticketStatusOf', { number: tk.number })}
          value={tk.status}
          onChange={(e) => void onChange(tk, { status: e.target.value })}
          data-testid="ticket-status"
        >
          {STATUSES.map((st) => (
            <option key={st} value={st}>
              {code('status', st)}
            </option>
          ))}
        </select>
        <select
          aria-label={t('ticketPriorityOf', { number: tk.number })}
          value={tk.priority}
          onChange={(e) => void onChange(tk, { priority: e.target.value })}
          data-testid="ticket-priority"
        >
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {code('priority', p)}
            </option>
          ))}
        </select>
        {tk.assignee?.id !== user.id && (
          <button
            type="button"
            aria-label={t('takeTicket', { number: tk.number })}
            onClick={() => void onChange(tk, { assigneeId: user.id })}
            data-testid="ticket-take"
          >
            {t('take')}
          </button>
        )}
        <button
          type="button"
          aria-label={t('escalateTicket', { number: tk.number })}
          onClick={() => void onChange(tk, { escalate: true })}
          data-testid="ticket-escalate"
        >
          {t('escalate')}
        </button>
        <button
          type="button"
          aria-expanded={historyOpen}
          aria-label={t('ticketHistoryOf', { number: tk.number })}
          onClick={() => setHistoryOpen((o) => !o)}
          data-testid="ticket-history-toggle"
        >
          {t('ticketHistory')}
        </button>
      </div>
      <form
        className="ticket-note"
        onSubmit={(e) => {
          e.preventDefault();
          const text = note.trim();
          if (text) void onChange(tk, { comment: text }).then((ok) => ok && setNote(''));
        }}
      >
        <input
          aria-label={t('ticketNoteFor', { number: tk.number })}
          value={note}
          maxLength={20000}
          onChange={(e) => setNote(e.target.value)}
          data-testid="ticket-note"
        />
        <button type="submit" disabled={!note.trim()} data-testid="ticket-add-note">
          {t('addNote')}
        </button>
      </form>
      {historyOpen && <TicketHistory api={api} ticketId={tk.id} number={tk.number} />}
    </li>
  );
}

function TicketHistory({ api, ticketId, number }: { api: ApiClient; ticketId: string; number: string }) {
  const { t, code, dateTime } = useI18n();
  const query = useQuery({
    queryKey: queryKeys.ticket(ticketId),
    queryFn: () => api.get<TicketDetail>(`/api/tickets/${ticketId}`),
  });
  const describe = (u: TicketUpdateView): string => {
    switch (u.kind) {
      case 'created':
        return t('historyCreated');
      case 'status':
        return t('historyStatus', {
          from: code('status', u.fromValue ?? ''),
          to: code('status', u.toValue ?? ''),
        });
      case 'priority':
        return t('historyPriority', {
          from: code('priority', u.fromValue ?? ''),
          to: code('priority', u.toValue ?? ''),
        });
      case 'escalation':
        return t('historyEscalated', { level: u.toValue ?? '' });
      case 'comment':
        return t('historyNote', { note: u.note ?? '' });
      case 'assignee':
        return t('historyAssignee');
      default:
        return u.kind;
    }
  };
  return (
    <section aria-label={t('ticketHistoryOf', { number })} data-testid="ticket-history">
      <AsyncView query={query}>
        {(detail) => (
          <ol className="ticket-history">
            {newestFirst(detail.updates).map((u) => (
              <li key={u.id} data-kind={u.kind}>
                <span className="muted">{dateTime(u.at)}</span> · {u.actor?.displayName ?? '—'} ·{' '}
                {describe(u)}
              </li>
            ))}
          </ol>
        )}
      </AsyncView>
    </section>
  );
}

/** Tickets link to the Interaction row; the console knows the call by its server call id. An
 *  agent's list holds only their own calls, newest first: the current one is near the top. */
async function interactionIdOf(api: ApiClient, callId: string): Promise<string | null> {
  try {
    const rows = await api.get<InteractionSummary[]>('/api/interactions?limit=10');
    return rows.find((r) => r.callId === callId)?.id ?? null;
  } catch {
    return null;
  }
}
