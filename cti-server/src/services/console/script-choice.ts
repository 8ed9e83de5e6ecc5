/** What choosing a script needs to know about one stored version. */
export interface ScriptCandidate {
  key: string;
  version: number;
  language: string;
  lineId: string | null;
  queueId: string | null;
  active: boolean;
}

export interface ScriptChoice<T extends ScriptCandidate> {
  script: T;
  matchedBy: 'line' | 'queue';
  alternatives: T[];
}

/** 2: same language (zh-CN = zh-CN), 1: same base language (en = en-GB), 0: other. */
function languageFit(scriptLanguage: string, wanted: string): number {
  const a = scriptLanguage.toLowerCase();
  const b = wanted.toLowerCase();
  if (a === b) return 2;
  return a.split('-')[0] === b.split('-')[0] ? 1 : 0;
}

/**
 * The script for a call: of each key only its latest active version counts; a script bound
 * to the dialled line beats one bound to the queue (the line is the more specific promise
 * to the caller), then the wanted language, then the newer version.
 */
export function chooseScript<T extends ScriptCandidate>(
  scripts: readonly T[],
  call: { lineId: string | null; queueId: string | null },
  language: string,
): ScriptChoice<T> | null {
  const latest = new Map<string, T>();
  for (const s of scripts) {
    if (!s.active) continue;
    const seen = latest.get(s.key);
    if (!seen || s.version > seen.version) latest.set(s.key, s);
  }
  const scored = [...latest.values()]
    .map((script) => {
      const byLine = call.lineId !== null && script.lineId === call.lineId;
      const byQueue = call.queueId !== null && script.queueId === call.queueId;
      return { script, byLine, fits: byLine || byQueue, language: languageFit(script.language, language) };
    })
    .filter((s) => s.fits)
    .sort(
      (x, y) =>
        Number(y.byLine) - Number(x.byLine) ||
        y.language - x.language ||
        y.script.version - x.script.version ||
        x.script.key.localeCompare(y.script.key),
    );
  const best = scored[0];
  if (!best) return null;
  return {
    script: best.script,
    matchedBy: best.byLine ? 'line' : 'queue',
    alternatives: scored.slice(1).map((s) => s.script),
  };
}
