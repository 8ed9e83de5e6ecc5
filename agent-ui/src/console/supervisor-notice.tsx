// What the agent is told of a supervisor: whispering or barging into their call (while it lasts;
// listening stays silent), and their state forced (who, and why) until they dismiss it.
import { useState } from 'react';
import type { AgentForcedNotice, MonitorNotice } from '../api/types.js';
import { defineCatalog } from '../i18n/catalog.js';
import { useMessages } from '../i18n/i18n-context.js';
import { useRealtimeEvent } from '../realtime/realtime-context.js';

const messages = defineCatalog(
  {
    whisper: 'Supervisor {supervisor} is whispering to you (the caller cannot hear them)',
    barge: 'Supervisor {supervisor} has joined the call (the caller hears them)',
    forcedNotReady: 'Supervisor {supervisor} set you not ready: {reason}',
    forcedLoggedOut: 'Supervisor {supervisor} logged you out: {reason}',
    dismiss: 'Dismiss',
  },
  {
    whisper: '主管 {supervisor} 正在耳语（客户听不到）',
    barge: '主管 {supervisor} 已加入通话（客户可以听到）',
    forcedNotReady: '主管 {supervisor} 已将您置为未就绪：{reason}',
    forcedLoggedOut: '主管 {supervisor} 已将您签出：{reason}',
    dismiss: '知道了',
  },
);

export function SupervisorNotice() {
  const t = useMessages(messages);
  const [monitor, setMonitor] = useState<MonitorNotice | null>(null);
  const [forced, setForced] = useState<AgentForcedNotice | null>(null);
  useRealtimeEvent('monitor.notice', (notice) => setMonitor(notice.mode ? notice : null));
  useRealtimeEvent('agent.forced', setForced);
  return (
    <>
      {monitor?.mode && (
        <p role="status" className="banner banner-info" data-testid="monitor-notice">
          {t(monitor.mode, { supervisor: monitor.supervisor ?? '' })}
        </p>
      )}
      {forced && (
        <p role="alert" className="banner banner-warning" data-testid="forced-notice">
          {t(forced.state === 'logged_out' ? 'forcedLoggedOut' : 'forcedNotReady', {
            supervisor: forced.supervisor,
            reason: forced.reason,
          })}{' '}
          <button type="button" onClick={() => setForced(null)}>
            {t('dismiss')}
          </button>
        </p>
      )}
    </>
  );
}
