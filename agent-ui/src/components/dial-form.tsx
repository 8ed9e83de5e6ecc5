import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n-context.js';

/** Manual dial (another extension, or an outside number through the server). */
export function DialForm({ onDial, disabled }: { onDial(target: string): void; disabled: boolean }) {
  const { t } = useI18n();
  const [target, setTarget] = useState('');
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (target.trim()) onDial(target.trim());
  };
  return (
    <form className="inline-form" onSubmit={onSubmit}>
      <label>
        <span className="visually-hidden">{t('dialNumber')}</span>
        <input
          id="dial-input"
          value={target}
          onChange={(e) => setTarget(e.target.value.replace(/[^\d*#+]/g, ''))}
          placeholder={t('dialNumber')}
          inputMode="tel"
          data-testid="dial-input"
        />
      </label>
      <button type="submit" disabled={disabled || !target} data-testid="dial">
        {t('dial')}
      </button>
    </form>
  );
}
