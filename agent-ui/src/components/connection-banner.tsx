import { useI18n } from '../i18n/i18n-context.js';
import { useRealtimeStatus } from '../realtime/realtime-context.js';

/** Shown while the socket to the server is down: events (rings, state) may be missed meanwhile. */
export function ConnectionBanner() {
  const { t } = useI18n();
  const status = useRealtimeStatus();
  if (status !== 'reconnecting') return null;
  return (
    <div role="alert" className="banner banner-warning" data-testid="connection-banner">
      {t('disconnected')}
    </div>
  );
}
