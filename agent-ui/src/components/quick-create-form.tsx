import { useState, type FormEvent } from 'react';
import type { ApiClient } from '../api/api-client.js';
import { useI18n } from '../i18n/i18n-context.js';

/** Unknown caller: create the customer with the calling number filled in. */
export function QuickCreateForm({
  api,
  phone,
  onCreated,
}: {
  api: ApiClient;
  phone: string;
  onCreated(id: string): void;
}) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const companyName = String(f.get('companyName') ?? '').trim();
    setPending(true);
    try {
      const created = await api.post<{ id: string }>('/api/customers', {
        name: String(f.get('name')).trim(),
        ...(companyName ? { companyName, kind: 'company' } : {}),
        phones: [{ number: String(f.get('phone')) }],
      });
      onCreated(created.id);
    } catch (err) {
      setError((err as Error).message);
      setPending(false);
    }
  };
  return (
    <form className="stack" onSubmit={onSubmit} aria-label={t('quickCreate')} data-testid="quick-create">
      <h3>{t('quickCreate')}</h3>
      <label>
        {t('customerName')} <input name="name" required maxLength={200} />
      </label>
      <label>
        {t('companyName')} <input name="companyName" maxLength={200} />
      </label>
      <label>
        {t('phoneNumber')}{' '}
        <input name="phone" required defaultValue={phone} data-testid="quick-create-phone" />
      </label>
      <button type="submit" disabled={pending}>
        {t('create')}
      </button>
      {error && (
        <p role="alert" className="error">
          {t('error', { message: error })}
        </p>
      )}
    </form>
  );
}
