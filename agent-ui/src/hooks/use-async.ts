import { useCallback, useEffect, useState } from 'react';
import { isNotAvailable } from '../api/api-client.js';

export interface AsyncState<T> {
  data: T | null;
  loading: boolean;
  error: string | null;
  /** The endpoint is missing on this server (404): the panel says so instead of failing. */
  notAvailable: boolean;
  reload(): void;
}

/** Runs `load` whenever `key` changes (null: nothing to load) and tracks its outcome. */
export function useAsync<T>(key: string | null, load: () => Promise<T>): AsyncState<T> {
  const [state, setState] = useState<Omit<AsyncState<T>, 'reload'>>({
    data: null,
    loading: key !== null,
    error: null,
    notAvailable: false,
  });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (key === null) return;
    let live = true;
    setState({ data: null, loading: true, error: null, notAvailable: false });
    load().then(
      (data) => live && setState({ data, loading: false, error: null, notAvailable: false }),
      (err: unknown) =>
        live &&
        setState({
          data: null,
          loading: false,
          error: isNotAvailable(err) ? null : (err as Error).message,
          notAvailable: isNotAvailable(err),
        }),
    );
    return () => {
      live = false;
    };
    // `load` closes over `key`: reloading on its identity would loop, so only key and retries count.
  }, [key, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, reload };
}
