import { useEffect } from 'react';
import type { ScreenPop } from '../hooks/use-screen-pop.js';
import { useI18n } from '../i18n/i18n-context.js';

/** The first thing painted at ring: who is calling, and the flags that change how to greet them. */
export function CallerHeader({ pop }: { pop: ScreenPop }) {
  const { t, code } = useI18n();
  // Runs after React committed the name to the DOM: the end of "INVITE → name painted".
  const named = pop.name !== null;
  useEffect(() => {
    if (named) performance.mark('kefu.caller-painted', { detail: pop.callId });
  }, [named, pop.callId]);
  const c = pop.customer;
  const summary = c ?? pop.matches?.find((m) => m.id === pop.customerId) ?? null;
  return (
    <header className="caller" data-testid="caller-header">
      <h2 aria-label={t('caller')} data-testid="caller-name" aria-live="assertive">
        {pop.name ?? (pop.matches === null && !pop.error ? t('lookingUp') : t('unknownCaller'))}
      </h2>
      <p className="muted" data-testid="caller-number">
        {pop.phase === 'ringing'
          ? t('ringingFrom', { number: pop.ani ?? '—' })
          : t('callFrom', { number: pop.ani ?? '—', line: pop.dnis ?? '—' })}
      </p>
      {summary && (
        <ul className="badges" data-testid="caller-badges">
          {summary.companyName && summary.companyName !== summary.name && <li>{summary.companyName}</li>}
          <li className={summary.vipTier > 0 ? 'badge-vip' : ''} data-testid="vip-tier">
            {summary.vipTier > 0 ? t('vipTier', { tier: summary.vipTier }) : t('notVip')}
          </li>
          <li title={t('lifecycle')}>{code('stage', summary.lifecycleStage)}</li>
          {summary.valueQuadrant && (
            <li title={t('quadrant')} data-testid="value-quadrant">
              {code('quadrant', summary.valueQuadrant)}
            </li>
          )}
          {c?.hasOpenComplaint && (
            <li className="badge-alert" data-testid="open-complaint-flag">
              {t('openComplaint')}
            </li>
          )}
        </ul>
      )}
      {summary?.personality && (
        <p className="hint" data-testid="personality-hint">
          {t('personality')}: {code('personality', summary.personality)}
        </p>
      )}
    </header>
  );
}
