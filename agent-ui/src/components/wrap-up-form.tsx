import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { isNotAvailable, type ApiClient } from '../api/api-client.js';
import type { ConsoleConfig } from '../api/types.js';
import { useI18n } from '../i18n/i18n-context.js';

interface Props {
  api: ApiClient;
  callId: string;
  /** Chosen or quick-created during the call: the call record gets it if it had none. */
  customerId: string | null;
  extension: string;
  config: ConsoleConfig;
  /** Saved: the agent goes Ready and the call panel closes. */
  onDone(): Promise<void>;
}

const inOneDay = () =>
  new Date(Date.now() + 86_400_000 - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

/** After the call: disposition, notes, an optional follow-up task, then Ready. */
export function WrapUpForm({ api, callId, customerId, extension, config, onDone }: Props) {
  const { t, locale } = useI18n();
  const [followUp, setFollowUp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // The call's queue may allow only some dispositions; until it answers (or on an older server)
  // every code is offered and the server has the last word.
  const allowed = useQuery({
    queryKey: ['call-dispositions', callId],
    queryFn: () =>
      api.get<{ dispositions: Array<{ code: string }> }>(`/api/interactions/${callId}/dispositions`),
    select: (data) => new Set(data.dispositions.map((d) => d.code)),
    retry: false,
  });
  const offered = allowed.data
    ? config.dispositions.filter((d) => allowed.data.has(d.code))
    : config.dispositions;

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const disposition = String(f.get('disposition'));
    const notes = String(f.get('notes') ?? '').trim();
    setPending(true);
    try {
      try {
        await api.post(`/api/interactions/${callId}/wrap-up`, {
          disposition,
          ...(notes ? { notes } : {}),
          ...(customerId ? { customerId } : {}),
          ...(followUp
            ? {
                followUp: {
                  dueAt: new Date(String(f.get('followUpDue'))).toISOString(),
                  reason: String(f.get('followUpReason')),
                },
              }
            : {}),
        });
      } catch (err) {
        if (!isNotAvailable(err)) throw err;
        // Older server: the disposition still reaches the ACD and the call record.
        await api.put(`/api/agents/${extension}/wrap-up`, { disposition });
      }
      await onDone();
    } catch (err) {
      setError((err as Error).message);
      setPending(false);
    }
  };

  return (
    <form className="panel stack" onSubmit={onSubmit} aria-label={t('wrapUp')} data-testid="wrap-up-form">
      <h3>{t('wrapUp')}</h3>
      <label>
        {t('disposition')}
        <select name="disposition" required data-testid="disposition">
          {offered.map((d) => (
            <option key={d.code} value={d.code}>
              {d.label[locale]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('notes')} <textarea name="notes" rows={3} maxLength={5000} data-testid="wrap-up-notes" />
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={followUp} onChange={(e) => setFollowUp(e.target.checked)} />{' '}
        {t('followUp')}
      </label>
      {followUp && (
        <>
          <label>
            {t('followUpDue')}{' '}
            <input type="datetime-local" name="followUpDue" required defaultValue={inOneDay()} />
          </label>
          <label>
            {t('followUpReason')} <input name="followUpReason" required maxLength={500} />
          </label>
        </>
      )}
      <button type="submit" className="primary" disabled={pending} data-testid="finish-wrap-up">
        {t('finishWrapUp')}
      </button>
      {error && (
        <p role="alert" className="error">
          {t('error', { message: error })}
        </p>
      )}
    </form>
  );
}
