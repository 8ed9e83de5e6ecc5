import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n-context.js';

/** Blind transfer to another agent's extension. */
export function TransferForm({ onTransfer }: { onTransfer(extension: string): void }) {
  const { t } = useI18n();
  const [target, setTarget] = useState('');
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (target) onTransfer(target);
  };
  return (
    <form className="inline-form" onSubmit={onSubmit}>
      <label>
        <span className="visually-hidden">{t('transferTo')}</span>
        <input
          id="transfer-input"
          value={target}
          onChange={(e) => setTarget(e.target.value.replace(/\D/g, ''))}
          placeholder={t('transferTo')}
          inputMode="numeric"
          data-testid="transfer-input"
        />
      </label>
      <button type="submit" disabled={!target} data-testid="transfer" aria-keyshortcuts="t">
        {t('transfer')}
      </button>
    </form>
  );
}
