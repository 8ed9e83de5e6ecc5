import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { queryKeys } from '../api/query-keys.js';
import type { QueueView } from '../api/types.js';
import { useI18n } from '../i18n/i18n-context.js';
import { useSignedIn } from '../session/session-context.js';

interface Props {
  /** Blind transfer (REFER) to an extension or number. */
  onTransfer(target: string): void;
  /** Put the customer on hold and call `target` first (attended transfer, conference). */
  onConsult(target: string): void;
}

/** Transfer target: Enter or "Transfer" transfers blind, "Consult" calls the target first. */
export function TransferForm({ onTransfer, onConsult }: Props) {
  const { t } = useI18n();
  const { api } = useSignedIn();
  const [target, setTarget] = useState('');
  const { data: queues = [] } = useQuery({
    queryKey: queryKeys.queues,
    // Without the list (API down) the agent can still transfer to an extension or number.
    queryFn: () => api.get<QueueView[]>('/api/queues'),
  });
  const [queue, setQueue] = useState('');
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (target) onTransfer(target);
  };
  return (
    <form className="inline-form" onSubmit={onSubmit}>
      <label>
        <span className="visually-hidden">{t('transferTo')}</span>
        <input
          id="transfer-input"
          value={target}
          // An extension or any number (a leading + for international format).
          onChange={(e) => setTarget(e.target.value.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, ''))}
          placeholder={t('transferTo')}
          inputMode="tel"
          data-testid="transfer-input"
        />
      </label>
      <button type="submit" disabled={!target} data-testid="transfer" aria-keyshortcuts="t">
        {t('transfer')}
      </button>
      <button
        type="button"
        disabled={!target}
        onClick={() => onConsult(target)}
        data-testid="consult"
        aria-keyshortcuts="c"
      >
        {t('consult')}
      </button>
      {queues.length > 0 && (
        <span className="inline-form">
          <label>
            <span className="visually-hidden">{t('transferQueue')}</span>
            <select value={queue} onChange={(e) => setQueue(e.target.value)} data-testid="transfer-queue">
              <option value="">{t('transferQueue')}</option>
              {queues.map((q) => (
                <option key={q.name} value={q.name}>
                  {q.displayName}
                </option>
              ))}
            </select>
          </label>
          {/* The server takes a REFER to a queue's name as "queue the caller there". */}
          <button
            type="button"
            disabled={!queue}
            onClick={() => onTransfer(queue)}
            data-testid="transfer-to-queue"
          >
            {t('transferToQueue')}
          </button>
        </span>
      )}
    </form>
  );
}
