import type { Customer360 } from '../api/types.js';
import { useI18n } from '../i18n/i18n-context.js';

/** The rest of the 360 view: open tickets first (complaints flagged), then history and accounts. */
interface Props {
  customer: Customer360;
  /** Disposition codes of past calls, in the console's language. */
  dispositionLabel(code: string): string;
  /** Click-to-dial from the softphone; absent: numbers are plain text. */
  dialer?: Dialer;
}

export interface Dialer {
  /** The phone is registered and has no call. */
  canDial: boolean;
  dial(number: string): void;
}

/** A number the agent can call with one click (accessible name "Call <number>"). */
function DialableNumber({ number, dialer }: { number: string; dialer?: Dialer }) {
  const { t } = useI18n();
  if (!dialer) return <>{number}</>;
  return (
    <button
      type="button"
      className="dial-number"
      aria-label={t('callNumber', { number })}
      title={t('callNumber', { number })}
      disabled={!dialer.canDial}
      onClick={() => dialer.dial(number)}
      data-testid="click-to-dial"
      data-number={number}
    >
      {number}
    </button>
  );
}

export function CustomerDetails({ customer: c, dispositionLabel, dialer }: Props) {
  const { t, code, dateTime, money, locale } = useI18n();
  const none = <p className="muted">{t('none')}</p>;
  return (
    <div className="details" data-testid="customer-360">
      <section aria-label={t('tickets')} data-testid="open-tickets">
        <h3>{t('tickets')}</h3>
        {c.openTickets.length === 0 ? (
          none
        ) : (
          <ul>
            {c.openTickets.map((tk) => (
              <li
                key={tk.id}
                className={tk.type === 'complaint' ? 'complaint' : ''}
                data-testid={tk.type === 'complaint' ? 'open-complaint' : 'open-ticket'}
              >
                {tk.type === 'complaint' && <strong>{t('openComplaint')} · </strong>}
                {tk.number} · {tk.subject} · {code('status', tk.status)} · {code('priority', tk.priority)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label={t('contacts')}>
        <h3>{t('contacts')}</h3>
        <ul>
          {c.phones.map((p) => (
            <li key={p.id}>
              <DialableNumber number={p.e164} dialer={dialer} />{' '}
              {p.label && <span className="muted">({p.label})</span>}
            </li>
          ))}
          {c.email && <li>{c.email}</li>}
          {c.contacts.map((ct) => (
            <li key={ct.id}>
              {ct.name} {ct.title && <span className="muted">{ct.title}</span>}{' '}
              {ct.phones.map((p, i) => (
                <span key={p.e164}>
                  {i > 0 && ', '}
                  <DialableNumber number={p.e164} dialer={dialer} />
                </span>
              ))}
            </li>
          ))}
        </ul>
      </section>
      <section aria-label={t('history')}>
        <h3>{t('history')}</h3>
        {c.interactions.length === 0 ? (
          none
        ) : (
          <ul>
            {c.interactions.slice(0, 5).map((i) => (
              <li key={i.id}>
                {dateTime(i.offeredAt)} · {i.agent?.user.displayName ?? '—'} ·{' '}
                {i.disposition ? dispositionLabel(i.disposition) : '—'}
                {i.notes && <span className="muted"> · {i.notes}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label={t('orders')}>
        <h3>{t('orders')}</h3>
        {c.orders.length === 0 ? (
          none
        ) : (
          <ul>
            {c.orders.slice(0, 5).map((o) => (
              <li key={o.id}>
                {dateTime(o.orderedAt)} · {o.number} · {money(o.totalCents, o.currency)} ·{' '}
                {code('order', o.status)} ·{' '}
                {o.items
                  .map((it) => (locale === 'en' ? (it.product.nameEn ?? it.product.name) : it.product.name))
                  .join(', ')}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label={t('contracts')}>
        <h3>{t('contracts')}</h3>
        {c.contracts.length === 0 ? (
          none
        ) : (
          <ul>
            {c.contracts.slice(0, 5).map((k) => (
              <li key={k.id}>
                {k.number} · {k.title} · {money(k.valueCents)} · {code('contract', k.status)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label={t('payments')}>
        <h3>{t('payments')}</h3>
        {c.payments.length === 0 ? (
          none
        ) : (
          <ul>
            {c.payments.slice(0, 5).map((p) => (
              <li key={p.id} className={p.status === 'overdue' ? 'complaint' : ''}>
                {dateTime(p.paidAt)} · {money(p.amountCents)} · {code('method', p.method)} ·{' '}
                {code('payment', p.status)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
