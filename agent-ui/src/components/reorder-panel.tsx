import { useState, type FormEvent } from 'react';
import { isNotAvailable, type ApiClient } from '../api/api-client.js';
import type { ReorderSuggestion } from '../api/types.js';
import { useI18n } from '../i18n/i18n-context.js';

/** Distributors: from the stock they report, how much to reorder. */
export function ReorderPanel({
  api,
  customerId,
  callId,
}: {
  api: ApiClient;
  customerId: string;
  callId: string;
}) {
  const { t, number, locale } = useI18n();
  const [stock, setStock] = useState('');
  const [result, setResult] = useState<ReorderSuggestion | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      setResult(
        await api.post<ReorderSuggestion>(`/api/customers/${customerId}/reorder-suggestion`, {
          currentStock: Number(stock),
          callId,
        }),
      );
      setError(null);
    } catch (err) {
      if (isNotAvailable(err)) setMissing(true);
      else setError((err as Error).message);
    }
  };

  return (
    <section className="panel" aria-label={t('reorder')} data-testid="reorder-panel">
      <h3>{t('reorder')}</h3>
      {missing ? (
        <p className="muted">{t('notAvailable')}</p>
      ) : (
        <form className="inline-form" onSubmit={onSubmit}>
          <label>
            {t('currentStock')}{' '}
            <input type="number" min={0} required value={stock} onChange={(e) => setStock(e.target.value)} />
          </label>
          <button type="submit">{t('suggest')}</button>
        </form>
      )}
      {result && (
        <p data-testid="reorder-result">
          {t('suggestedQuantity', { quantity: number(result.suggestedQuantity) })} ·{' '}
          {locale === 'en' ? (result.product.nameEn ?? result.product.name) : result.product.name}
          <span className="muted"> · {t('soldSinceLast', { sold: number(result.sold) })}</span>
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {t('error', { message: error })}
        </p>
      )}
    </section>
  );
}
