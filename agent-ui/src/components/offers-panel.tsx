import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApiClient } from '../api/api-client.js';
import { queryKeys } from '../api/query-keys.js';
import type { OfferOutcome, OfferView } from '../api/types.js';
import { useI18n } from '../i18n/i18n-context.js';
import { AsyncView } from './async-view.js';

/** Cross-sell prompts the rules pick for this customer; the agent records what happened to each. */
export function OffersPanel({
  api,
  customerId,
  callId,
}: {
  api: ApiClient;
  customerId: string;
  callId: string;
}) {
  const { t, locale, money } = useI18n();
  const query = useQuery({
    queryKey: queryKeys.offers(customerId, locale, callId),
    queryFn: () =>
      api.get<OfferView[]>(
        `/api/customers/${customerId}/offers?lang=${locale}&callId=${encodeURIComponent(callId)}`,
      ),
  });
  const [outcomes, setOutcomes] = useState<Record<string, OfferOutcome>>({});
  const [error, setError] = useState<string | null>(null);

  const record = (ruleId: string, outcome: OfferOutcome) =>
    api.post(`/api/customers/${customerId}/offers/${ruleId}`, { outcome, callId }).then(
      () => {
        setOutcomes((o) => ({ ...o, [ruleId]: outcome }));
        setError(null);
      },
      (err: Error) => setError(err.message),
    );

  return (
    <section className="panel" aria-label={t('offers')} data-testid="offers-panel">
      <h3>{t('offers')}</h3>
      <AsyncView query={query}>
        {(offers) =>
          offers.length === 0 ? (
            <p className="muted">{t('noOffers')}</p>
          ) : (
            <ul className="offers">
              {offers.map((o) => (
                <li key={o.ruleId} data-testid="offer">
                  <p>
                    <strong>{locale === 'en' ? (o.product.nameEn ?? o.product.name) : o.product.name}</strong>{' '}
                    · {money(o.product.priceCents)}
                  </p>
                  <p>{o.pitch}</p>
                  <div className="controls" role="group" aria-label={o.product.name}>
                    {(['offered', 'accepted', 'declined'] as const).map((outcome) => (
                      <button
                        key={outcome}
                        type="button"
                        aria-pressed={outcomes[o.ruleId] === outcome}
                        onClick={() => void record(o.ruleId, outcome)}
                      >
                        {t(outcome)}
                      </button>
                    ))}
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </AsyncView>
      {error && (
        <p role="alert" className="error">
          {t('error', { message: error })}
        </p>
      )}
    </section>
  );
}
