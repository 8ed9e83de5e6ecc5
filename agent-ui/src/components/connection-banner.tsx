import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { useRealtimeStatus } from '../realtime/realtime-context.js';

// A first connection normally takes well under this; longer means the server is out of reach.
const FIRST_CONNECT_GRACE_MS = 3000;

/** Shown while the socket to the server is down: events (rings, state) may be missed meanwhile. */
export function ConnectionBanner() {
  const { t } = useI18n();
  const status = useRealtimeStatus();
  // Read only while connecting: a socket is that only until its first answer.
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (status !== 'connecting') return;
    const timer = setTimeout(() => setSlow(true), FIRST_CONNECT_GRACE_MS);
    return () => clearTimeout(timer);
  }, [status]);
  if (status !== 'reconnecting' && !(status === 'connecting' && slow)) return null;
  return (
    <div role="alert" className="banner banner-warning" data-testid="connection-banner">
      {t('disconnected')}
    </div>
  );
}
