import { useState } from 'react';
import type { ScriptContent } from '../api/types.js';
import { useI18n } from '../i18n/i18n-context.js';
import { fillPlaceholders } from './script-placeholders.js';

interface Step {
  nodeId: string;
  answer: string;
  next: string | null;
  at: string;
}

/** What an offer node shows under its text: the rule's product, price and pitch. */
export interface OfferCard {
  product: string;
  price: string;
  pitch: string;
}

/** One version of a script as the walk needs it (the console's for-call answer, or a preview). */
export interface WalkScript {
  key: string;
  version: number;
  title: string;
  content: ScriptContent;
}

export type OfferOutcomeOfAnswer = 'accepted' | 'declined';

interface Props {
  script: WalkScript;
  /** Placeholder values ({customer.name}, {customer.tier}, …) computed by the server. */
  fields: Readonly<Record<string, string>>;
  agentName: string;
  personality: string | null;
  /** The offer an offer node names, when it applies to this customer (else the node says so). */
  offerOf: (ruleId: string) => OfferCard | null;
  /** Stores the path walked so far on the call; absent in a preview, which saves nothing. */
  onPath?: (answers: { nodeId: string; answer: string; at: string }[]) => Promise<void>;
  /** Records an offer node's outcome on the call; absent in a preview. */
  onOfferOutcome?: (ruleId: string, outcome: OfferOutcomeOfAnswer) => Promise<void>;
}

/**
 * An offer node's first answer is "accepted", its second "declined" (the designer labels them so);
 * further answers record nothing.
 */
const offerOutcome = (index: number): OfferOutcomeOfAnswer | null =>
  index === 0 ? 'accepted' : index === 1 ? 'declined' : null;

/**
 * One node at a time. Every answer is saved on the call (the whole path, replaced each time);
 * an offer node's answer also records the offer's outcome; a capture node's answer is what the
 * agent typed (the server writes a customer field when the node says so).
 */
export function ScriptWalk({
  script,
  fields,
  agentName,
  personality,
  offerOf,
  onPath,
  onOfferOutcome,
}: Props) {
  const { t } = useI18n();
  const [steps, setSteps] = useState<Step[]>([]);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const last = steps[steps.length - 1];
  const nodeId = last ? last.next : script.content.start;
  const node = nodeId ? script.content.nodes[nodeId] : undefined;
  const fill = (text: string) => fillPlaceholders(text, fields, agentName);
  const tips = script.content.tips;
  const tip =
    personality === 'expressive' ||
    personality === 'driver' ||
    personality === 'amiable' ||
    personality === 'analytical'
      ? tips[personality]
      : undefined;
  const offer = node?.kind === 'offer' && node.offer ? offerOf(node.offer.ruleId) : null;

  const answer = (label: string, next: string | null, index: number) => {
    if (!nodeId || !node) return;
    const path = [...steps, { nodeId, answer: label, next, at: new Date().toISOString() }];
    setSteps(path);
    setTyped('');
    const writes: Promise<void>[] = [];
    if (onPath)
      writes.push(onPath(path.map(({ nodeId: id, answer: a, at }) => ({ nodeId: id, answer: a, at }))));
    const outcome = offerOutcome(index);
    if (onOfferOutcome && node.kind === 'offer' && node.offer && offer && outcome) {
      writes.push(onOfferOutcome(node.offer.ruleId, outcome));
    }
    void Promise.all(writes).then(
      () => setError(null),
      (err: Error) => setError(err.message),
    );
  };

  return (
    <div>
      <p className="muted">
        {script.title} · v{script.version}
      </p>
      {tip && (
        <p className="hint" data-testid="script-tip">
          {t('tip')}: {tip}
        </p>
      )}
      {node ? (
        <p className="script-text" data-testid="script-text">
          {fill(node.text)}
        </p>
      ) : (
        <p className="muted">{t('scriptEnd')}</p>
      )}
      {node?.kind === 'offer' &&
        (offer ? (
          <div className="script-offer" data-testid="script-offer">
            <p>
              <strong>{offer.product}</strong> · {offer.price}
            </p>
            <p>{fill(offer.pitch)}</p>
          </div>
        ) : (
          <p className="muted">{t('scriptOfferNotApplicable')}</p>
        ))}
      {node?.kind === 'capture' && node.capture ? (
        <form
          className="controls"
          onSubmit={(e) => {
            e.preventDefault();
            if (typed.trim() !== '') answer(typed.trim(), node.answers[0]?.next ?? null, 0);
          }}
        >
          <label>
            {fill(node.capture.label)}{' '}
            <input value={typed} onChange={(e) => setTyped(e.target.value)} maxLength={500} />
          </label>
          <button type="submit" disabled={typed.trim() === ''}>
            {t('scriptNext')}
          </button>
        </form>
      ) : (
        <div className="controls">
          {node?.answers.map((a, i) => (
            <button key={`${i}:${a.label}`} type="button" onClick={() => answer(a.label, a.next, i)}>
              {fill(a.label)}
            </button>
          ))}
        </div>
      )}
      {steps.length > 0 && (
        <div className="controls">
          <button type="button" onClick={() => setSteps([])}>
            {t('restartScript')}
          </button>
        </div>
      )}
      {script.content.objections.length > 0 && (
        <details>
          <summary>{t('objections')}</summary>
          <dl>
            {script.content.objections.map((o) => (
              <div key={o.title}>
                <dt>{o.title}</dt>
                <dd>{fill(o.text)}</dd>
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
