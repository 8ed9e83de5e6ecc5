import type { Softphone } from '../phone/softphone.js';
import type { CallSnapshot } from '../phone/phone-snapshot.js';
import { useI18n } from '../i18n/i18n-context.js';

/** Answer / Reject while ringing; Hang up, Mute, Hold during the call. */
export function CallControls({ phone, call }: { phone: Softphone; call: CallSnapshot }) {
  const { t } = useI18n();
  if (call.phase === 'ringing')
    return (
      <div className="controls">
        <button
          type="button"
          className="primary"
          onClick={() => void phone.answer()}
          data-testid="answer"
          aria-keyshortcuts="a"
        >
          {t('answer')}
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => void phone.reject()}
          data-testid="reject"
          aria-keyshortcuts="x"
        >
          {t('reject')}
        </button>
      </div>
    );
  if (call.phase === 'dialing')
    return (
      <div className="controls">
        <button type="button" className="danger" onClick={() => void phone.hangUp()} data-testid="hang-up">
          {t('hangUp')}
        </button>
      </div>
    );
  if (call.phase !== 'connected') return null;
  return (
    <div className="controls">
      <button
        type="button"
        className="danger"
        onClick={() => void phone.hangUp()}
        data-testid="hang-up"
        aria-keyshortcuts="x"
      >
        {t('hangUp')}
      </button>
      <button
        type="button"
        aria-pressed={call.muted}
        onClick={() => phone.toggleMute()}
        data-testid="mute"
        aria-keyshortcuts="m"
      >
        {call.muted ? t('unmute') : t('mute')}
      </button>
      <button
        type="button"
        aria-pressed={call.held}
        onClick={() => void phone.toggleHold()}
        data-testid="hold"
        aria-keyshortcuts="h"
      >
        {call.held ? t('resume') : t('hold')}
      </button>
    </div>
  );
}
