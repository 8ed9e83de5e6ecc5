import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';

/** Seconds left until the ACD ends wrap-up by itself (its deadline, not a local guess). */
export function WrapUpCountdown({ endsAt }: { endsAt: string }) {
  const { t } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.ceil((new Date(endsAt).getTime() - now) / 1000));
  return (
    <span className="countdown" role="timer" data-testid="wrap-up-countdown">
      {t('wrapUpEndsIn', { seconds })}
    </span>
  );
}
