import { useState } from 'react';
import type { ConsoleConfig } from '../api/types.js';
import type { AgentStateHandle } from '../hooks/use-agent-state.js';
import { useI18n } from '../i18n/i18n-context.js';
import { WrapUpCountdown } from './wrap-up-countdown.js';

interface Props {
  handle: AgentStateHandle;
  config: ConsoleConfig;
}

/** Ready / Not ready (with a reason) and what the ACD says the agent is doing now. */
export function AgentStateBar({ handle, config }: Props) {
  const { t, code, time, locale } = useI18n();
  const { agent, error, busy, change } = handle;
  const choices = config.notReadyReasons.filter((r) => !r.system);
  const [picked, setReason] = useState<string | null>(null);
  const reason = picked ?? choices[0]?.code ?? 'break';
  const reasonLabel = (r: string) =>
    config.notReadyReasons.find((c) => c.code === r)?.label[locale] ?? code('reason', r);

  return (
    <section className="state-bar" aria-label={t('agentState')} data-testid="agent-state-bar">
      {agent ? (
        <span className={`state state-${agent.state}`} data-testid="agent-state" data-state={agent.state}>
          {code('state', agent.state)}
          {agent.state === 'not_ready' && agent.reason && ` · ${reasonLabel(agent.reason)}`}
          <span className="muted"> {t('since', { time: time(agent.since) })}</span>
        </span>
      ) : (
        <span className="muted" role="status">
          {t('loading')}
        </span>
      )}
      {agent?.state === 'wrap_up' && agent.wrapUpEndsAt && <WrapUpCountdown endsAt={agent.wrapUpEndsAt} />}
      <button
        type="button"
        data-testid="go-ready"
        disabled={busy || agent?.state === 'ready'}
        onClick={() => void change('ready')}
        aria-keyshortcuts="r"
      >
        {t('ready')}
      </button>
      <label>
        <span className="visually-hidden">{t('notReadyReason')}</span>
        <select value={reason} onChange={(e) => setReason(e.target.value)} data-testid="not-ready-reason">
          {choices.map((r) => (
            <option key={r.code} value={r.code}>
              {r.label[locale]}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        data-testid="go-not-ready"
        disabled={busy || (agent?.state === 'not_ready' && agent.reason === reason)}
        onClick={() => void change('not_ready', reason)}
        aria-keyshortcuts="n"
      >
        {t('notReady')}
      </button>
      {error && (
        <span role="alert" className="error">
          {t('error', { message: error })}
        </span>
      )}
    </section>
  );
}
