import { useState, type FormEvent } from 'react';
import type { ApiClient } from '../api/api-client.js';
import type { Ticket } from '../api/types.js';
import { useI18n } from '../i18n/i18n-context.js';

const TYPES = ['inquiry', 'complaint', 'repair', 'return', 'billing', 'other'] as const;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
const STATUSES = ['open', 'in_progress', 'pending_customer', 'resolved', 'closed'] as const;

interface Props {
  api: ApiClient;
  customerId: string;
  callId: string;
  openTickets: Ticket[];
}

/** Open a ticket from the call, or move one of the customer's open tickets along. */
export function TicketPanel({ api, customerId, callId, openTickets }: Props) {
  const { t, code } = useI18n();
  const [tickets, setTickets] = useState(openTickets);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const onCreate = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    try {
      const interactionId = await interactionIdOf(api, callId);
      const created = await api.post<Ticket>('/api/tickets', {
        customerId,
        type: f.get('type'),
        priority: f.get('priority'),
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

  const setStatus = async (ticket: Ticket, status: string) => {
    try {
      const updated = await api.patch<Ticket>(`/api/tickets/${ticket.id}`, { status });
      setTickets((list) => list.map((x) => (x.id === ticket.id ? { ...x, status: updated.status } : x)));
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <section className="panel" aria-label={t('newTicket')} data-testid="ticket-panel">
      <h3>{t('newTicket')}</h3>
      <form className="stack" onSubmit={onCreate}>
        <label>
          {t('ticketType')}
          <select name="type" defaultValue="inquiry">
            {TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {code('type', ty)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('ticketPriority')}
          <select name="priority" defaultValue="normal">
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
        <ul>
          {tickets.map((tk) => (
            <li key={tk.id}>
              <label>
                {tk.number} · {tk.subject}{' '}
                <select value={tk.status} onChange={(e) => void setStatus(tk, e.target.value)}>
                  {STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {code('status', s)}
                    </option>
                  ))}
                </select>
              </label>
            </li>
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

/** Tickets link to the Interaction row; the console knows the call by its server call id. An
 *  agent's list holds only their own calls, newest first: the current one is near the top. */
async function interactionIdOf(api: ApiClient, callId: string): Promise<string | null> {
  try {
    const rows = await api.get<{ id: string; callId: string }[]>('/api/interactions?limit=10');
    return rows.find((r) => r.callId === callId)?.id ?? null;
  } catch {
    return null;
  }
}
