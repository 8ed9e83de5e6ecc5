import { useState } from 'react';
import type { ApiClient } from '../api/api-client.js';
import type { CallScript } from '../api/types.js';
import { useAsync } from '../hooks/use-async.js';
import { useI18n } from '../i18n/i18n-context.js';
import { AsyncView } from './async-view.js';

interface Step {
  nodeId: string;
  answer: string;
}

/** The call script for this call's line/queue, walked node by node; answers are saved on the call. */
export function ScriptPanel({
  api,
  callId,
  agentName,
}: {
  api: ApiClient;
  callId: string;
  agentName: string;
}) {
  const { t } = useI18n();
  const state = useAsync(callId, async () => {
    const res = await api.get<CallScript | { script: CallScript | null }>(`/api/scripts/for-call/${callId}`);
    return 'content' in res ? res : res.script;
  });
  return (
    <section className="panel" aria-label={t('script')} data-testid="script-panel">
      <h3>{t('script')}</h3>
      <AsyncView state={state}>
        {(script) =>
          script ? (
            <ScriptWalk api={api} callId={callId} script={script} agentName={agentName} />
          ) : (
            <p className="muted">{t('none')}</p>
          )
        }
      </AsyncView>
    </section>
  );
}

function ScriptWalk({
  api,
  callId,
  script,
  agentName,
}: {
  api: ApiClient;
  callId: string;
  script: CallScript;
  agentName: string;
}) {
  const { t } = useI18n();
  const [steps, setSteps] = useState<Step[]>([]);
  const [error, setError] = useState<string | null>(null);
  const nodeId = steps.length
    ? (script.content.nodes[steps[steps.length - 1]!.nodeId]?.answers.find(
        (a) => a.label === steps[steps.length - 1]!.answer,
      )?.next ?? script.content.start)
    : script.content.start;
  const node = script.content.nodes[nodeId];

  const answer = (label: string) => {
    const next = [...steps, { nodeId, answer: label }];
    setSteps(next);
    api.put(`/api/interactions/${callId}/script-answers`, { scriptId: script.id, answers: next }).then(
      () => setError(null),
      (err: Error) => setError(err.message),
    );
  };

  return (
    <div>
      <p className="muted">{script.title}</p>
      {node && (
        <p className="script-text" data-testid="script-text">
          {node.text.replace('{agent}', agentName)}
        </p>
      )}
      <div className="controls">
        {node?.answers.map((a) => (
          <button key={a.label} type="button" onClick={() => answer(a.label)}>
            {a.label}
          </button>
        ))}
        {steps.length > 0 && (
          <button type="button" onClick={() => setSteps([])}>
            {t('restartScript')}
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="error">
          {t('error', { message: error })}
        </p>
      )}
    </div>
  );
}
