import { useQuery } from '@tanstack/react-query';
import { ApiError, type ApiClient } from '../api/api-client.js';
import { queryKeys } from '../api/query-keys.js';
import type { OfferView, ScriptForCall } from '../api/types.js';
import { useI18n } from '../i18n/i18n-context.js';
import { AsyncView } from './async-view.js';
import { ScriptWalk, type OfferCard } from './script-walk.js';

interface Props {
  api: ApiClient;
  callId: string;
  /** The call's customer once known: the placeholders and offer nodes are about them. */
  customerId: string | null;
  agentName: string;
  personality: string | null;
}

/** The call script bound to this call's line or queue, in the console's language when there is one. */
export function ScriptPanel({ api, callId, customerId, agentName, personality }: Props) {
  const { t, locale, money } = useI18n();
  const query = useQuery({
    queryKey: [...queryKeys.script(callId, locale), customerId],
    queryFn: async (): Promise<ScriptForCall | null> => {
      try {
        return await api.get<ScriptForCall>(`/api/scripts/for-call/${callId}?lang=${locale}`);
      } catch (err) {
        // 404 for the call: no script is bound to its line or queue.
        if (err instanceof ApiError && err.status === 404 && !err.message.startsWith('no route')) return null;
        throw err;
      }
    },
  });
  // The same request (and cache entry) as the Offers panel: an offer node shows an offer only
  // when the rules pick it for this customer on this call.
  const offers = useQuery({
    queryKey: queryKeys.offers(customerId ?? '', locale, callId),
    queryFn: () =>
      api.get<OfferView[]>(
        `/api/customers/${customerId}/offers?lang=${locale}&callId=${encodeURIComponent(callId)}`,
      ),
    enabled: customerId !== null,
  });
  const offerOf = (ruleId: string): OfferCard | null => {
    const o = offers.data?.find((x) => x.ruleId === ruleId);
    if (!o) return null;
    return {
      product: locale === 'en' ? (o.product.nameEn ?? o.product.name) : o.product.name,
      price: money(o.product.priceCents),
      pitch: o.pitch,
    };
  };
  return (
    <section className="panel" aria-label={t('script')} data-testid="script-panel">
      <h3>{t('script')}</h3>
      <AsyncView query={query}>
        {(forCall) =>
          forCall ? (
            <ScriptWalk
              script={forCall.script}
              fields={forCall.fields}
              agentName={agentName}
              personality={personality}
              offerOf={offerOf}
              onPath={async (answers) => {
                await api.put(`/api/interactions/${callId}/script-answers`, {
                  scriptKey: forCall.script.key,
                  version: forCall.script.version,
                  answers,
                });
              }}
              onOfferOutcome={async (ruleId, outcome) => {
                if (!customerId) return;
                await api.post(`/api/customers/${customerId}/offers/${ruleId}`, { outcome, callId });
              }}
            />
          ) : (
            <p className="muted">{t('none')}</p>
          )
        }
      </AsyncView>
    </section>
  );
}
