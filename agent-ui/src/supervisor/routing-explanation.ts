// "Why this agent" in the supervisor's language. The ACD stores each routing decision's reason
// as one English sentence (acd/agent-ranking.ts explainWin, acd/routing-engine.ts); this reads
// the forms it writes into parts and words them from a catalog. A sentence of another form is
// shown as the server wrote it.
import { defineCatalog } from '../i18n/catalog.js';
import type { Translate } from '../i18n/i18n-context.js';

export type RoutingCriterion = 'occupancy' | 'idle' | 'calls' | 'proficiency' | 'turn' | 'id';

export type RoutingReason =
  | { kind: 'only'; strategy: string }
  | {
      kind: 'won';
      strategy: string;
      criterion: RoutingCriterion;
      winner: string;
      runnerUp: string;
      other: string;
    }
  | { kind: 'tie'; strategy: string; other: string }
  | { kind: 'supervisor' }
  | { kind: 'agent_free'; calls: number; head: boolean }
  | { kind: 'none' }
  | { kind: 'text'; text: string };

const CRITERIA: Record<string, RoutingCriterion> = {
  'lowest occupancy': 'occupancy',
  'longest idle': 'idle',
  'fewest calls': 'calls',
  'most proficient': 'proficiency',
  'next in round-robin turn': 'turn',
  'agent id tiebreak': 'id',
};

/** The stored sentence read into its parts (`text` when it is of no known form). */
export function parseRouting(why: string): RoutingReason {
  const s = why.trim();
  let m: RegExpMatchArray | null;
  if (s === 'given to this agent by a supervisor') return { kind: 'supervisor' };
  if (s === 'no offerable agent meets the requirement') return { kind: 'none' };
  if (s === 'agent became available; only waiting call it qualifies for')
    return { kind: 'agent_free', calls: 1, head: false };
  if ((m = /^agent became available; (.+) among (\d+) queue heads it qualifies for$/.exec(s)))
    return { kind: 'agent_free', calls: Number(m[2]), head: m[1]!.startsWith('re-offered') };
  if ((m = /^(\w+): only qualified agent$/.exec(s))) return { kind: 'only', strategy: m[1]! };
  if ((m = /^(\w+): tie with (\S+)$/.exec(s))) return { kind: 'tie', strategy: m[1]!, other: m[2]! };
  if ((m = /^(\w+): ([a-z -]+?) \((.*); runner-up (\S+)\)$/.exec(s))) {
    const criterion = CRITERIA[m[2]!];
    if (criterion) {
      const detail = m[3]!.replace(/^proficiency sum /, '');
      const vs = /^(.+?) (?:vs|<) (.+)$/.exec(detail);
      return {
        kind: 'won',
        strategy: m[1]!,
        criterion,
        winner: vs?.[1] ?? detail,
        runnerUp: vs?.[2] ?? '',
        other: m[4]!,
      };
    }
  }
  return { kind: 'text', text: s };
}

export const routingMessages = defineCatalog(
  {
    strategy_least_busy: 'least busy',
    strategy_longest_idle: 'longest idle',
    strategy_fewest_calls: 'fewest calls',
    strategy_most_proficient: 'most proficient',
    strategy_round_robin: 'round robin',
    only: 'The only qualified agent ({strategy})',
    won_occupancy: 'Least busy: occupancy {winner} against {runnerUp} for {other} ({strategy})',
    won_idle: 'Idle longest: {winner} against {runnerUp} for {other} ({strategy})',
    won_calls: 'Fewest calls: {winner} against {runnerUp} for {other} ({strategy})',
    won_proficiency: 'Most proficient: skill total {winner} against {runnerUp} for {other} ({strategy})',
    won_turn: 'Next in turn after the last agent served, before {other} ({strategy})',
    won_id: 'Tied with {other}; chosen by agent id ({strategy})',
    tie: 'Tied with {other} ({strategy})',
    supervisor: 'Given to this agent by a supervisor',
    agentFreeOne: 'The agent became free; the only waiting call they qualify for',
    agentFreeMany: 'The agent became free; {what} among the heads of {count} queues they qualify for',
    head: 'a re-offered call at the head of its queue',
    oldest: 'the highest priority, longest waiting call',
    none: 'No available agent meets the requirement yet',
  },
  {
    strategy_least_busy: '最空闲优先',
    strategy_longest_idle: '空闲最久优先',
    strategy_fewest_calls: '接听最少优先',
    strategy_most_proficient: '技能最熟练优先',
    strategy_round_robin: '轮询',
    only: '唯一符合条件的坐席（{strategy}）',
    won_occupancy: '最空闲：占用率 {winner}，{other} 为 {runnerUp}（{strategy}）',
    won_idle: '空闲最久：{winner}，{other} 为 {runnerUp}（{strategy}）',
    won_calls: '接听最少：{winner} 通，{other} 为 {runnerUp} 通（{strategy}）',
    won_proficiency: '技能最熟练：熟练度合计 {winner}，{other} 为 {runnerUp}（{strategy}）',
    won_turn: '按轮询顺序排在 {other} 之前（{strategy}）',
    won_id: '与 {other} 条件相同，按坐席编号选定（{strategy}）',
    tie: '与 {other} 条件相同（{strategy}）',
    supervisor: '由班长指派给该坐席',
    agentFreeOne: '坐席空闲后，这是其唯一可接的排队来电',
    agentFreeMany: '坐席空闲后，在其可接的 {count} 个队列队首中选了{what}',
    head: '排在队首的重新分配来电',
    oldest: '优先级最高、等待最久的来电',
    none: '暂无符合条件的空闲坐席',
  },
);

type Key = keyof (typeof routingMessages)['en'];

/** What the words need besides the catalog: an agent's name from its id, durations. */
export interface RoutingWords {
  t: Translate<Key>;
  agentName(agentId: string): string;
  duration(ms: number): string;
}

const STRATEGIES = new Set(['least_busy', 'longest_idle', 'fewest_calls', 'most_proficient', 'round_robin']);

/** The stored sentence in the supervisor's language; null when there is none. */
export function explainRouting(why: string | null, words: RoutingWords): string | null {
  if (!why) return null;
  const { t } = words;
  const r = parseRouting(why);
  const strategy = (s: string) => (STRATEGIES.has(s) ? t(`strategy_${s}` as Key) : s);
  switch (r.kind) {
    case 'only':
      return t('only', { strategy: strategy(r.strategy) });
    case 'tie':
      return t('tie', { strategy: strategy(r.strategy), other: words.agentName(r.other) });
    case 'won': {
      // Idle times are written in milliseconds: say them as durations.
      const value = (v: string) => {
        const ms = /^(\d+) ms$/.exec(v);
        return ms ? words.duration(Number(ms[1])) : v;
      };
      return t(`won_${r.criterion}`, {
        strategy: strategy(r.strategy),
        winner: value(r.winner),
        runnerUp: value(r.runnerUp),
        other: words.agentName(r.other),
      });
    }
    case 'supervisor':
      return t('supervisor');
    case 'none':
      return t('none');
    case 'agent_free':
      return r.calls <= 1
        ? t('agentFreeOne')
        : t('agentFreeMany', { count: r.calls, what: t(r.head ? 'head' : 'oldest') });
    case 'text':
      return r.text;
  }
}
