import type { CustomerSummary } from '../api/types.js';
import { useI18n } from '../i18n/i18n-context.js';

/** Several customers share the caller's number (a switchboard): the agent picks who it is. */
interface Props {
  matches: CustomerSummary[];
  /** The one shown now (the server's best guess, or the agent's pick). */
  current: string | null;
  onPick(id: string): void;
}

export function CustomerPicker({ matches, current, onPick }: Props) {
  const { t, code } = useI18n();
  return (
    <section aria-label={t('chooseCustomer')} data-testid="customer-picker">
      <h3>{t('chooseCustomer')}</h3>
      <ul className="picker">
        {matches.map((m) => (
          <li key={m.id}>
            <button type="button" aria-pressed={m.id === current} onClick={() => onPick(m.id)}>
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
