import { useQuery } from '@tanstack/react-query';
import { ApiError, type ApiClient } from '../api/api-client.js';
import { queryKeys } from '../api/query-keys.js';
import type { ScriptForCall, ScriptView } from '../api/types.js';
import { useI18n } from '../i18n/i18n-context.js';
import { AsyncView } from './async-view.js';
import { ScriptWalk } from './script-walk.js';

interface Props {
  api: ApiClient;
  callId: string;
  agentName: string;
  personality: string | null;
}

/** The call script bound to this call's line or queue, in the console's language when there is one. */
export function ScriptPanel({ api, callId, agentName, personality }: Props) {
  const { t, locale } = useI18n();
  const query = useQuery({
    queryKey: queryKeys.script(callId, locale),
    queryFn: async (): Promise<ScriptView | null> => {
      try {
        const res = await api.get<ScriptForCall>(`/api/scripts/for-call/${callId}?lang=${locale}`);
        return res.script;
      } catch (err) {
        // 404 for the call: no script is bound to its line or queue.
        if (err instanceof ApiError && err.status === 404 && !err.message.startsWith('no route')) return null;
        throw err;
      }
    },
  });
  return (
    <section className="panel" aria-label={t('script')} data-testid="script-panel">
      <h3>{t('script')}</h3>
      <AsyncView query={query}>
        {(script) =>
          script ? (
            <ScriptWalk
              api={api}
              callId={callId}
              script={script}
              agentName={agentName}
              personality={personality}
            />
          ) : (
            <p className="muted">{t('none')}</p>
          )
        }
      </AsyncView>
    </section>
  );
}
