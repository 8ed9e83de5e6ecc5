import { useI18n } from '../i18n/i18n-context.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** DTMF keys during a call (IVR menus of the far end). */
export function DialPad({ onTone }: { onTone(tone: string): void }) {
  const { t } = useI18n();
  return (
    <div className="dial-pad" role="group" aria-label={t('keypad')} data-testid="dial-pad">
      {KEYS.map((k) => (
        <button key={k} type="button" onClick={() => onTone(k)} data-testid={`dtmf-${k}`}>
          {k}
        </button>
      ))}
    </div>
  );
}
