import { useState } from 'react';
import type { ApiClient } from '../api/api-client.js';
import type { ScriptView } from '../api/types.js';
import { useI18n } from '../i18n/i18n-context.js';

interface Step {
  nodeId: string;
  answer: string;
  next: string | null;
  at: string;
}

interface Props {
  api: ApiClient;
  callId: string;
  script: ScriptView;
  agentName: string;
  personality: string | null;
}

/** One node at a time; every answer is saved on the call (the whole path, replaced each time). */
export function ScriptWalk({ api, callId, script, agentName, personality }: Props) {
  const { t } = useI18n();
  const [steps, setSteps] = useState<Step[]>([]);
  const [error, setError] = useState<string | null>(null);
  const last = steps[steps.length - 1];
  const nodeId = last ? last.next : script.content.start;
  const node = nodeId ? script.content.nodes[nodeId] : undefined;
  const tip = personality
    ? script.content.tips[personality as keyof ScriptView['content']['tips']]
    : undefined;

  const save = (next: Step[]) =>
    api
      .put(`/api/interactions/${callId}/script-answers`, {
        scriptKey: script.key,
        version: script.version,
        answers: next.map(({ nodeId: id, answer, at }) => ({ nodeId: id, answer, at })),
      })
      .then(
        () => setError(null),
        (err: Error) => setError(err.message),
      );

  const answer = (label: string, next: string | null) => {
    if (!nodeId) return;
    const path = [...steps, { nodeId, answer: label, next, at: new Date().toISOString() }];
    setSteps(path);
    void save(path);
  };

  return (
    <div>
      <p className="muted">{script.title}</p>
      {tip && (
        <p className="hint" data-testid="script-tip">
          {t('tip')}: {tip}
        </p>
      )}
      {node ? (
        <p className="script-text" data-testid="script-text">
          {node.text.replaceAll('{agent}', agentName)}
        </p>
      ) : (
        <p className="muted">{t('scriptEnd')}</p>
      )}
      <div className="controls">
        {node?.answers.map((a) => (
          <button key={a.label} type="button" onClick={() => answer(a.label, a.next)}>
            {a.label}
          </button>
        ))}
        {steps.length > 0 && (
          <button type="button" onClick={() => setSteps([])}>
            {t('restartScript')}
          </button>
        )}
      </div>
      {script.content.objections.length > 0 && (
        <details>
          <summary>{t('objections')}</summary>
          <dl>
            {script.content.objections.map((o) => (
              <div key={o.title}>
                <dt>{o.title}</dt>
                <dd>{o.text}</dd>
              </div>
            ))}
          </dl>
        </details>
      )}
      {error && (
        <p role="alert" className="error">
          {t('error', { message: error })}
        </p>
      )}
    </div>
  );
}
