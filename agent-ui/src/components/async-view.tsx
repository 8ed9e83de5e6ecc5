import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { isNotAvailable } from '../api/api-client.js';
import { useI18n } from '../i18n/i18n-context.js';

/**
 * Loading / error (with retry) / not-available states around a panel's content: never blank.
 * "Loading" only until the first answer: a refresh (a socket push, a retry) keeps what is shown.
 */
export function AsyncView<T>({
  query,
  children,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}) {
  const { t } = useI18n();
  if (query.isPending)
    return (
      <p className="muted" role="status">
        {t('loading')}
      </p>
    );
  // The endpoint is missing on this server: the panel says so instead of failing.
  if (isNotAvailable(query.error))
    return (
      <p className="muted" data-testid="not-available">
        {t('notAvailable')}
      </p>
    );
  return (
    <>
      {query.error && (
        <p role="alert" className="error">
          {t('error', { message: query.error.message })}{' '}
          <button type="button" onClick={() => void query.refetch()}>
            {t('retry')}
          </button>
        </p>
      )}
      {query.data !== undefined && children(query.data)}
    </>
  );
}
