/** What choosing a script needs to know about one stored version. */
export interface ScriptCandidate {
  key: string;
  version: number;
  language: string;
  lineId: string | null;
  queueId: string | null;
  active: boolean;
  /** The customers the version is for; null/absent: everyone. */
  audience?: unknown;
  /** Languages the content is translated into (content.languages). */
  languages?: readonly string[];
}

/** What an audience is matched against: the call's customer. */
export interface AudienceFacts {
  vipTier: number;
  lifecycleStage: string;
  valueQuadrant: string | null;
  segment: string;
}

export type MatchedBy =
  'line-audience' | 'line' | 'queue-audience' | 'queue' | 'campaign-audience' | 'campaign';

export interface ScriptChoice<T extends ScriptCandidate> {
  script: T;
  matchedBy: MatchedBy;
  alternatives: T[];
}

interface Audience {
  minVipTier?: number;
  stages?: string[];
  quadrants?: string[];
  segments?: string[];
}

const audienceOf = (value: unknown): Audience | null =>
  typeof value === 'object' && value !== null && Object.keys(value).length > 0 ? (value as Audience) : null;

/** Every given part must hold; an empty list is no condition. Without a customer, nothing matches. */
export function audienceMatches(audience: Audience, customer: AudienceFacts | null): boolean {
  if (!customer) return false;
  const within = (list: string[] | undefined, value: string | null) =>
    !list || list.length === 0 || (value !== null && list.includes(value));
  return (
    (audience.minVipTier === undefined || customer.vipTier >= audience.minVipTier) &&
    within(audience.stages, customer.lifecycleStage) &&
    within(audience.quadrants, customer.valueQuadrant) &&
    within(audience.segments, customer.segment)
  );
}

/**
 * How well a script serves the wanted language: 4 written in it (zh-CN = zh-CN), 3 translated
 * into it, 2 written in the same base language (en = en-GB), 1 translated into that, 0 other.
 */
function languageFit(script: ScriptCandidate, wanted: string): number {
  const w = wanted.toLowerCase();
  const base = (l: string) => l.toLowerCase().split('-')[0];
  const own = script.language.toLowerCase();
  const translated = (script.languages ?? []).map((l) => l.toLowerCase());
  if (own === w) return 4;
  if (translated.includes(w)) return 3;
  if (base(own) === base(w)) return 2;
  return translated.some((l) => base(l) === base(w)) ? 1 : 0;
}

/**
 * The script for a call: of each key only its latest active version counts. Precedence, most
 * specific first (shown to authors as `matchedBy`): the dialled line with an audience the caller
 * is in, the line, the queue with a matching audience, the queue (campaign bindings would come
 * next: calls carry no campaign yet). A version whose audience the caller is not in (or with no
 * known customer) does not fit. Then the wanted language, then the newer version.
 */
export function chooseScript<T extends ScriptCandidate>(
  scripts: readonly T[],
  call: { lineId: string | null; queueId: string | null; customer?: AudienceFacts | null },
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
      const audience = audienceOf(script.audience);
      const inAudience = audience === null || audienceMatches(audience, call.customer ?? null);
      const matchedBy: MatchedBy = byLine
        ? audience
          ? 'line-audience'
          : 'line'
        : audience
          ? 'queue-audience'
          : 'queue';
      return {
        script,
        matchedBy,
        rank: PRECEDENCE.indexOf(matchedBy),
        fits: (byLine || byQueue) && inAudience,
        language: languageFit(script, language),
      };
    })
    .filter((s) => s.fits)
    .sort(
      (x, y) =>
        x.rank - y.rank ||
        y.language - x.language ||
        y.script.version - x.script.version ||
        x.script.key.localeCompare(y.script.key),
    );
  const best = scored[0];
  if (!best) return null;
  return {
    script: best.script,
    matchedBy: best.matchedBy,
    alternatives: scored.slice(1).map((s) => s.script),
  };
}

/** Most specific first. */
export const PRECEDENCE: readonly MatchedBy[] = [
  'line-audience',
  'line',
  'queue-audience',
  'queue',
  'campaign-audience',
  'campaign',
];
