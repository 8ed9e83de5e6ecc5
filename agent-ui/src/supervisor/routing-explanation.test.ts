import { describe, expect, it } from 'vitest';
import { translate, type Locale } from '../i18n/catalog.js';
import { explainRouting, parseRouting, routingMessages, type RoutingWords } from './routing-explanation.js';

const words = (locale: Locale): RoutingWords => ({
  t: (key, vars) => translate(locale, routingMessages[locale][key], vars),
  agentName: (id) => ({ a2: '1003 Wang Fang' })[id] ?? id,
  duration: (ms) => `${Math.round(ms / 1000)} s`,
});

describe('routing explanation', () => {
  it('reads every sentence form the ACD writes', () => {
    expect(parseRouting('least_busy: only qualified agent')).toEqual({
      kind: 'only',
      strategy: 'least_busy',
    });
    expect(parseRouting('least_busy: lowest occupancy (12.0% vs 30.5%; runner-up a2)')).toEqual({
      kind: 'won',
      strategy: 'least_busy',
      criterion: 'occupancy',
      winner: '12.0%',
      runnerUp: '30.5%',
      other: 'a2',
    });
    expect(
      parseRouting('most_proficient: most proficient (proficiency sum 8 vs 6; runner-up a2)'),
    ).toMatchObject({
      criterion: 'proficiency',
      winner: '8',
      runnerUp: '6',
    });
    expect(
      parseRouting('round_robin: next in round-robin turn (after the last agent served; runner-up a2)'),
    ).toMatchObject({ criterion: 'turn', other: 'a2' });
    expect(parseRouting('longest_idle: agent id tiebreak (a1 < a2; runner-up a2)')).toMatchObject({
      criterion: 'id',
    });
    expect(parseRouting('fewest_calls: tie with a2')).toEqual({
      kind: 'tie',
      strategy: 'fewest_calls',
      other: 'a2',
    });
    expect(parseRouting('given to this agent by a supervisor')).toEqual({ kind: 'supervisor' });
    expect(parseRouting('no offerable agent meets the requirement')).toEqual({ kind: 'none' });
    expect(parseRouting('agent became available; only waiting call it qualifies for')).toEqual({
      kind: 'agent_free',
      calls: 1,
      head: false,
    });
    expect(
      parseRouting(
        'agent became available; re-offered call at head of queue among 3 queue heads it qualifies for',
      ),
    ).toEqual({ kind: 'agent_free', calls: 3, head: true });
    expect(parseRouting('longest idle of 3 with sales ≥ 3')).toEqual({
      kind: 'text',
      text: 'longest idle of 3 with sales ≥ 3',
    });
  });

  it('words them in English and Chinese, with agent names and idle times as durations', () => {
    const why = 'longest_idle: longest idle (95000 ms vs 12000 ms; runner-up a2)';
    expect(explainRouting(why, words('en'))).toBe(
      'Idle longest: 95 s against 12 s for 1003 Wang Fang (longest idle)',
    );
    expect(explainRouting(why, words('zh-CN'))).toBe(
      '空闲最久：95 s，1003 Wang Fang 为 12 s（空闲最久优先）',
    );
    expect(explainRouting('least_busy: only qualified agent', words('zh-CN'))).toBe(
      '唯一符合条件的坐席（最空闲优先）',
    );
    expect(explainRouting('given to this agent by a supervisor', words('en'))).toBe(
      'Given to this agent by a supervisor',
    );
    expect(
      explainRouting(
        'agent became available; highest effective priority / longest wait among 2 queue heads it qualifies for',
        words('en'),
      ),
    ).toBe(
      'The agent became free; the highest priority, longest waiting call among the heads of 2 queues they qualify for',
    );
    // A sentence of no known form is shown as written; no decision, nothing.
    expect(explainRouting('something new', words('zh-CN'))).toBe('something new');
    expect(explainRouting(null, words('en'))).toBeNull();
  });
});
