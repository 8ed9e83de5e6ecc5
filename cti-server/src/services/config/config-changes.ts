/**
 * "The centre's configuration changed": published by whatever wrote it (the admin API, a config
 * import) after its transaction committed, heard by everything that keeps a copy of it in
 * memory (the line router's cache, the IVR launcher's line settings and queue names, the ACD's
 * queues, the not-ready reasons). The database stays the one truth; a change only says "re-read
 * this". One process today (`localConfigChanges`); a cluster puts the same interface on Redis
 * pub/sub or PostgreSQL NOTIFY so every server re-reads.
 */
export type ConfigChange =
  /** A queue was created or changed (skills, strategy, timers, overflow, music, disabled …). */
  | { kind: 'queue'; id: string }
  /** A line (DNIS) was created or changed (routing, hours, holidays, language …). */
  | { kind: 'line'; id: string }
  /** An agent's row or skills changed (the ACD's roster re-reads it). */
  | { kind: 'agent'; id: string }
  /** A Setting row: not-ready reasons, dispositions, languages … */
  | { kind: 'setting'; key: string }
  /** Many things at once (a configuration import): re-read everything. */
  | { kind: 'all' };

export type ConfigChangeListener = (change: ConfigChange) => void | Promise<void>;

export interface ConfigChanges {
  /** Tells every listener (on every server); call it after the change is committed. */
  publish(change: ConfigChange): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(listener: ConfigChangeListener): () => void;
}

/**
 * Listeners run one after another and are awaited, so a write's HTTP response goes out after the
 * running server applied it (the next call sees it). A failing listener is reported, not thrown:
 * the change is committed, the others still apply it.
 */
export function localConfigChanges(onError: (err: unknown, change: ConfigChange) => void): ConfigChanges {
  const listeners = new Set<ConfigChangeListener>();
  return {
    async publish(change) {
      for (const listener of [...listeners]) {
        try {
          await listener(change);
        } catch (err) {
          onError(err, change);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Whether a change concerns a cached kind (`all` concerns every kind). */
export function touches(change: ConfigChange, kind: ConfigChange['kind']): boolean {
  return change.kind === 'all' || change.kind === kind;
}
