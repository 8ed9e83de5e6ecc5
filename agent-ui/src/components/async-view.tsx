import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import type { AsyncState } from '../hooks/use-async.js';

/** Loading / error (with retry) / not-available states around a panel's content: never blank. */
export function AsyncView<T>({
  state,
  children,
}: {
  state: AsyncState<T>;
  children: (data: T) => ReactNode;
}) {
  const { t } = useI18n();
  if (state.loading)
    return (
      <p className="muted" role="status">
        {t('loading')}
      </p>
    );
  if (state.notAvailable)
    return (
      <p className="muted" data-testid="not-available">
        {t('notAvailable')}
      </p>
    );
  if (state.error)
    return (
      <p role="alert" className="error">
        {t('error', { message: state.error })}{' '}
        <button type="button" onClick={state.reload}>
          {t('retry')}
        </button>
      </p>
    );
  return state.data === null ? null : <>{children(state.data)}</>;
}
