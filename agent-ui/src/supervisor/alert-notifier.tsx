// Pushed alerts as Ant Design notifications anywhere in the supervisor workspace (once per alert
// id), and the count on the "Alerts" navigation item. Reads the live board only.
import { App, Badge, Button } from 'antd';
import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import type { SupervisorAlert } from '../api/types.js';
import { useI18n, useMessages } from '../i18n/i18n-context.js';
import { alertsMessages } from './alerts-messages.js';
import { alertText, alertsTextMessages, sortAlerts } from './alerts-text.js';
import { useBoard } from './board-context.js';

/** Alerts already active when the workspace opens are shown one by one up to this many. */
const SNAPSHOT_NOTIFICATIONS = 3;

export function AlertNotifier() {
  const board = useBoard();
  const { notification } = App.useApp();
  const navigate = useNavigate();
  const t = useMessages(alertsMessages);
  const tt = useMessages(alertsTextMessages);
  const { code } = useI18n();
  const seen = useRef<Set<string> | null>(null);

  useEffect(() => {
    if (!board) return;
    const first = seen.current === null;
    const known = (seen.current ??= new Set());
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
    const show = (a: SupervisorAlert) =>
      notification[a.level === 'critical' ? 'error' : 'warning']({
        key: a.id,
        message: tt(`kind_${a.kind}`),
        description: alertText(a, board, {
          t: tt,
          reason: (c) => code('reason', c),
          stage: (c) => code('stage', c),
          now: Date.now(),
        }),
        actions: open,
        placement: 'topRight',
        duration: a.level === 'critical' ? 0 : 10,
      });
    const shown = first ? fresh.slice(0, SNAPSHOT_NOTIFICATIONS) : fresh;
    shown.forEach(show);
    if (fresh.length > shown.length)
      notification.info({
        key: 'alerts-more',
        message: t('notificationMore', { count: fresh.length - shown.length }),
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
