import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApiClient } from '../api/api-client.js';
import { queryKeys } from '../api/query-keys.js';
import type { CallbackView } from '../api/types.js';
import { useI18n } from '../i18n/i18n-context.js';
import { AsyncView } from './async-view.js';
import type { Dialer } from './customer-details.js';

/** A safety net: `callbacks.changed` pushes refresh the list (realtime/realtime-cache.ts). */
const REFRESH_MS = 60_000;

/**
 * Callers who asked to be called back (IVR or a full queue), oldest first: the agent calls one
 * (counted as an attempt), then marks it done, or cancels it (wrong number, no longer wanted).
 */
export function CallbacksPanel({ api, dialer }: { api: ApiClient; dialer?: Dialer | undefined }) {
  const { t, dateTime } = useI18n();
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: queryKeys.callbacks,
    queryFn: () => api.get<CallbackView[]>('/api/callbacks'),
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: true,
  });
  const [error, setError] = useState<string | null>(null);

  const patch = async (id: string, body: object) => {
    setError(null);
    try {
      await api.patch(`/api/callbacks/${encodeURIComponent(id)}`, body);
    } catch (err) {
      setError((err as Error).message);
    }
    void queryClient.invalidateQueries({ queryKey: queryKeys.callbacks });
  };

  return (
    <section aria-label={t('callbacks')} data-testid="callbacks">
      <h3>{t('callbacks')}</h3>
      {error && (
        <p role="alert" className="error">
          {t('error', { message: error })}
        </p>
      )}
      <AsyncView query={query}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">{t('noCallbacks')}</p>
          ) : (
            <ul className="callback-list">
              {list.map((cb) => (
                <li key={cb.id} data-testid="callback" data-number={cb.number}>
                  <strong>{cb.customer?.name ?? cb.number}</strong>{' '}
                  {cb.customer && <span className="muted">{cb.number} </span>}
                  <span className="muted">
                    {t('callbackAsked', {
                      when: dateTime(cb.requestedAt),
                      queue: cb.queue?.displayName ?? '—',
                    })}
                    {cb.attempts > 0 && ` · ${t('callbackAttempts', { count: cb.attempts })}`}
                  </span>
                  <span className="actions">
                    <button
                      type="button"
                      aria-label={t('callNumber', { number: cb.number })}
                      disabled={!dialer?.canDial}
                      onClick={() => {
                        dialer?.dial(cb.number);
                        void patch(cb.id, { attempted: true });
                      }}
                    >
                      {t('call')}
                    </button>
                    <button type="button" onClick={() => void patch(cb.id, { status: 'done' })}>
                      {t('callbackDone')}
                    </button>
                    <button type="button" onClick={() => void patch(cb.id, { status: 'cancelled' })}>
                      {t('callbackCancel')}
                    </button>
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </AsyncView>
    </section>
  );
}
