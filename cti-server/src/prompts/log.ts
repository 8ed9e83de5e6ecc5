/** The server's log call shape (same as call control's `deps.log`), so both can share one sink. */
export type LogFn = (
  level: 'info' | 'warn' | 'error',
  message: string,
  data?: Record<string, unknown>,
) => void;
