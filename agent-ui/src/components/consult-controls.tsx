import type { ConsultSnapshot } from '../phone/phone-snapshot.js';
import { useI18n } from '../i18n/i18n-context.js';

interface Props {
  consult: ConsultSnapshot;
  onComplete(): void;
  onCancel(): void;
  onConference(): void;
}

/** The consult line: who is being consulted, then complete the transfer, cancel, or conference. */
export function ConsultControls({ consult, onComplete, onCancel, onConference }: Props) {
  const { t } = useI18n();
  const connected = consult.phase === 'connected';
  return (
    <div
      className="call consult"
      data-testid="consult-call"
      data-phase={consult.phase}
      data-conference={String(consult.conference)}
      data-media-connected={String(consult.mediaConnected)}
    >
      <p>
        <strong>
          {consult.conference ? t('inConference') : connected ? t('consulting') : t('outgoingCall')}
        </strong>{' '}
        · <span data-testid="consult-remote">{consult.target}</span>
      </p>
      <div className="controls">
        {!consult.conference && (
          <button
            type="button"
            className="primary"
            disabled={!connected}
            onClick={onComplete}
            data-testid="complete-transfer"
            aria-keyshortcuts="c"
          >
            {t('completeTransfer')}
          </button>
        )}
        {!consult.conference && (
          <button type="button" disabled={!connected} onClick={onConference} data-testid="conference">
            {t('conference')}
          </button>
        )}
        <button type="button" className="danger" onClick={onCancel} data-testid="cancel-consult">
          {consult.conference ? t('dropThirdParty') : t('cancelConsult')}
        </button>
      </div>
    </div>
  );
}
