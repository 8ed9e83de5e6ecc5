import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n-context.js';

interface Props {
  /** Blind transfer (REFER) to an extension or number. */
  onTransfer(target: string): void;
  /** Put the customer on hold and call `target` first (attended transfer, conference). */
  onConsult(target: string): void;
}

/** Transfer target: Enter or "Transfer" transfers blind, "Consult" calls the target first. */
export function TransferForm({ onTransfer, onConsult }: Props) {
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
          // An extension or any number (a leading + for international format).
          onChange={(e) => setTarget(e.target.value.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, ''))}
          placeholder={t('transferTo')}
          inputMode="tel"
          data-testid="transfer-input"
        />
      </label>
      <button type="submit" disabled={!target} data-testid="transfer" aria-keyshortcuts="t">
        {t('transfer')}
      </button>
      <button
        type="button"
        disabled={!target}
        onClick={() => onConsult(target)}
        data-testid="consult"
        aria-keyshortcuts="c"
      >
        {t('consult')}
      </button>
    </form>
  );
}
