// An owner is told of their customers who stayed too long in a lifecycle stage (the same alert the
// supervisors get), until they dismiss the notice.
import { useState } from 'react';
import type { SupervisorAlert } from '../api/types.js';
import { defineCatalog } from '../i18n/catalog.js';
import { useI18n, useMessages } from '../i18n/i18n-context.js';
import { useRealtimeEvent } from '../realtime/realtime-context.js';

const messages = defineCatalog(
  {
    stuck: 'Your customer {customer} has been in "{stage}" for {days} days',
    more: '… and {count} more',
    dismiss: 'Dismiss',
  },
  {
    stuck: '您的客户 {customer} 已在“{stage}”阶段停留 {days} 天',
    more: '……另有 {count} 位',
    dismiss: '知道了',
  },
);

/** How many customers the notice names; the rest are counted. */
const SHOWN = 3;

export function StuckCustomerNotice() {
  const t = useMessages(messages);
  const { code } = useI18n();
  const [alerts, setAlerts] = useState<SupervisorAlert[]>([]);
  useRealtimeEvent('supervisor.alert', (alert) => {
    if (alert.kind !== 'stuck_customer') return;
    setAlerts((list) => [...list.filter((a) => a.id !== alert.id), alert]);
  });
  if (alerts.length === 0) return null;
  return (
    <div role="status" className="banner banner-info" data-testid="stuck-customer-notice">
      <ul>
        {alerts.slice(0, SHOWN).map((a) => (
          <li key={a.id}>
            {t('stuck', {
              customer: String(a.values.customer ?? a.customerId ?? ''),
              stage: code('stage', String(a.values.stage ?? '')),
              days: String(a.values.days ?? ''),
            })}
          </li>
        ))}
      </ul>
      {alerts.length > SHOWN && <p>{t('more', { count: alerts.length - SHOWN })}</p>}
      <button type="button" onClick={() => setAlerts([])}>
        {t('dismiss')}
      </button>
    </div>
  );
}
