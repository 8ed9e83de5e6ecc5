import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';

const two = (n: number) => String(n).padStart(2, '0');

export function CallTimer({ since }: { since: number }) {
  const { t } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const s = Math.max(0, Math.floor((now - since) / 1000));
  return (
    <span role="timer" aria-label={t('callTimer')} data-testid="call-timer">
      {two(Math.floor(s / 60))}:{two(s % 60)}
    </span>
  );
}
