// Pushed alerts as Ant Design notifications anywhere in the supervisor workspace (once per alert
// id), and the count on the "Alerts" navigation item. Reads the live board only.
import { App, Badge, Button } from 'antd';
import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { useI18n, useMessages } from '../i18n/i18n-context.js';
import { alertsMessages } from './alerts-messages.js';
import { alertText, alertsTextMessages, sortAlerts } from './alerts-text.js';
import { useBoard } from './board-context.js';

/** At most this many alerts are shown one by one at a time; the rest are counted in one notice. */
const ONE_BY_ONE = 3;

/** Bottom right: the top right is where the pages' row actions (Listen, Move…) are. */
const PLACEMENT = 'bottomRight';

export function AlertNotifier() {
  const board = useBoard();
  const { notification } = App.useApp();
  const navigate = useNavigate();
  const t = useMessages(alertsMessages);
  const tt = useMessages(alertsTextMessages);
  const { code } = useI18n();
  const seen = useRef(new Set<string>());

  useEffect(() => {
    if (!board) return;
    const known = seen.current;
    const fresh = sortAlerts(board.alerts.filter((a) => !known.has(a.id)));
    for (const a of fresh) known.add(a.id);
    // A cleared alert may be raised again later: notify it then.
    for (const id of known) if (!board.alerts.some((a) => a.id === id)) known.delete(id);
    if (fresh.length === 0) return;
    const open = (
      <Button size="small" type="link" onClick={() => void navigate('/supervisor/alerts')}>
        {t('notificationOpen')}
      </Button>
    );
    const words = { t: tt, reason: (c: string) => code('reason', c), stage: (c: string) => code('stage', c) };
    // Stuck customers come as a list (at start, then every few minutes): one notice counts them.
    if (fresh.some((a) => a.kind === 'stuck_customer'))
      notification.info({
        key: 'stuck-customers',
        placement: PLACEMENT,
        message: tt('kind_stuck_customer'),
        description: t('stuckCustomers', {
          count: board.alerts.filter((a) => a.kind === 'stuck_customer').length,
        }),
        actions: open,
      });
    const floor = fresh.filter((a) => a.kind !== 'stuck_customer');
    for (const a of floor.slice(0, ONE_BY_ONE))
      notification[a.level === 'critical' ? 'error' : 'warning']({
        key: a.id,
        placement: PLACEMENT,
        message: tt(`kind_${a.kind}`),
        description: alertText(a, board, { ...words, now: Date.now() }),
        actions: open,
        duration: a.level === 'critical' ? 0 : 10,
      });
    if (floor.length > ONE_BY_ONE)
      notification.info({
        key: 'alerts-more',
        placement: PLACEMENT,
        message: t('notificationMore', { count: floor.length - ONE_BY_ONE }),
        actions: open,
      });
  }, [board, notification, navigate, t, tt, code]);

  return null;
}

/** "Alerts" with the number of active alerts, for the navigation item. */
export function AlertsNavLabel({ label }: { label: string }) {
  const board = useBoard();
  const t = useMessages(alertsMessages);
  const count = board?.alerts.length ?? 0;
  const critical = board?.alerts.some((a) => a.level === 'critical') ?? false;
  return (
    <>
      {label}{' '}
      <Badge
        count={count}
        size="small"
        color={critical ? 'red' : 'orange'}
        title={t('alertsCount', { count })}
        data-testid="alerts-badge"
      />
    </>
  );
}
