import { useQuery } from '@tanstack/react-query';
import { ApiError, isNotAvailable, type ApiClient } from '../api/api-client.js';
import { queryKeys } from '../api/query-keys.js';
import type { IvrPathView } from '../api/types.js';
import { ivrKeys, ivrSteps, seconds, stepLabel, type IvrStepView } from '../call/ivr-path.js';
import { useI18n } from '../i18n/i18n-context.js';
import { hasMessage } from '../i18n/messages.js';

interface Props {
  api: ApiClient;
  callId: string;
}

const RETRY_MS = [300, 1000];

/**
 * The IVR finished before the call was offered; its path is written behind the call, and the
 * server flushes its write queue before answering. A 404 (row not stored yet, e.g. the socket
 * event beat the row) is retried a couple of times.
 */
async function loadIvrPath(api: ApiClient, callId: string): Promise<IvrPathView | null> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await api.get<IvrPathView>(`/api/interactions/${encodeURIComponent(callId)}/ivr-path`);
    } catch (err) {
      if (isNotAvailable(err)) throw err;
      const retry = err instanceof ApiError && (err.status === 404 || err.status === 0);
      if (!retry || attempt >= RETRY_MS.length) {
        // A call the server has no row for (e.g. an internal call) has no IVR path either.
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
      await new Promise((r) => setTimeout(r, RETRY_MS[attempt]));
    }
  }
}

/** What the caller did in the IVR before reaching the agent: menu choices, digits typed. */
export function IvrPathPanel({ api, callId }: Props) {
  const { t, code } = useI18n();
  const query = useQuery({
    queryKey: queryKeys.ivrPath(callId),
    queryFn: () => loadIvrPath(api, callId),
    // The path is complete before the call reaches the agent.
    staleTime: Infinity,
  });
  const path = query.data?.path;
  const error = isNotAvailable(query.error) ? null : (query.error?.message ?? null);
  // Calls that came straight to a queue have no IVR path: nothing to show.
  if (!error && !path?.length) return null;

  const resultText = (s: IvrStepView): string | null => {
    if (!s.result) return null;
    const { code: c, value } = s.result;
    if (c === 'choice') return t('ivrChoice', { key: value ?? '' });
    const key = `ivr_${c}`;
    return hasMessage(key) ? code('ivr', c) : value ? `${c}: ${value}` : c;
  };
  const outcome = query.data?.outcome;
  return (
    <section className="panel ivr-path" aria-label={t('ivrPath')} data-testid="ivr-path">
      <h3>{t('ivrPath')}</h3>
      {error && (
        <p role="alert" className="error">
          {t('error', { message: error })}{' '}
          <button type="button" onClick={() => void query.refetch()}>
            {t('retry')}
          </button>
        </p>
      )}
      {path && (
        <>
          <p data-testid="ivr-keys">
            {t('ivrKeys')}: <strong>{ivrKeys(path) || t('none')}</strong>
            {outcome?.kind === 'queue' && outcome.queue && (
              <span className="muted"> · {t('ivrQueuedTo', { queue: outcome.queue })}</span>
            )}
          </p>
          <ol className="ivr-steps">
            {ivrSteps(path).map((s, i) => (
              <li key={`${s.step}-${i}`} data-testid="ivr-step" data-step={s.step}>
                <span>{stepLabel(s.step)}</span>
                {s.keys && (
                  <>
                    {' · '}
                    <span data-testid="ivr-step-keys">{t('ivrPressed', { keys: s.keys })}</span>
                  </>
                )}
                {resultText(s) && <> · {resultText(s)}</>}
                {s.ms !== null && (
                  <span className="muted"> · {t('ivrSeconds', { seconds: seconds(s.ms) })}</span>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
