import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import type { MessageKey } from '../i18n/messages.js';

export const SHORTCUTS: { key: string; action: MessageKey }[] = [
  { key: 'a', action: 'answer' },
  { key: 'x', action: 'hangUp' },
  { key: 'm', action: 'mute' },
  { key: 'h', action: 'hold' },
  { key: 'k', action: 'keypad' },
  { key: 't', action: 'transfer' },
  { key: 'c', action: 'consult' },
  { key: 'd', action: 'dial' },
  { key: 'r', action: 'ready' },
  { key: 'n', action: 'notReady' },
  { key: '?', action: 'shortcuts' },
];

/** The "?" overlay: a modal dialog listing the keys. */
export function ShortcutsHelp({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="help"
      aria-label={t('shortcuts')}
      onClose={onClose}
      data-testid="shortcuts-help"
    >
      <h2>{t('shortcuts')}</h2>
      <dl>
        {SHORTCUTS.map((s) => (
          <div key={s.key}>
            <dt>
              <kbd>{s.key}</kbd>
            </dt>
            <dd>{t(s.action)}</dd>
          </div>
        ))}
      </dl>
      <button type="button" onClick={onClose} autoFocus>
        {t('close')}
      </button>
    </dialog>
  );
}
