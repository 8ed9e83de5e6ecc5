import type { CustomerSummary } from '../api/types.js';
import { useI18n } from '../i18n/i18n-context.js';

/** Several customers share the caller's number (a switchboard): the agent picks who it is. */
export function CustomerPicker({
  matches,
  onPick,
}: {
  matches: CustomerSummary[];
  onPick(id: string): void;
}) {
  const { t, code } = useI18n();
  return (
    <section aria-label={t('chooseCustomer')} data-testid="customer-picker">
      <h3>{t('chooseCustomer')}</h3>
      <ul className="picker">
        {matches.map((m) => (
          <li key={m.id}>
            <button type="button" onClick={() => onPick(m.id)}>
              {m.name} {m.companyName && m.companyName !== m.name && `· ${m.companyName}`} ·{' '}
              {m.vipTier > 0 ? t('vipTier', { tier: m.vipTier }) : t('notVip')} ·{' '}
              {code('stage', m.lifecycleStage)}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
