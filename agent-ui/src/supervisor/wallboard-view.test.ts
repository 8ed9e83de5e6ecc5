import { describe, expect, it } from 'vitest';
import type { WallboardAgent, WallboardQueue } from '../api/types.js';
import { compareAgents, visibleAgents, visibleQueues } from './wallboard-view.js';

const q = (queueId: string, queue: string, displayName: string) =>
  ({ queueId, queue, displayName }) as WallboardQueue;
const agent = (over: Partial<WallboardAgent>): WallboardAgent =>
  ({
    extension: '1001',
    team: 'sales',
    state: 'ready',
    since: '2026-12-04T10:00:00.000Z',
    skills: ['sales'],
    call: null,
    handled: 0,
    ahtMs: null,
    occupancy: null,
    ...over,
  }) as WallboardAgent;

const queues = [
  q('q2', 'service', 'Service'),
  q('q1', 'sales', 'Sales'),
  q('q3', 'complaints', 'Complaints'),
];
const agents = [
  agent({
    extension: '1010',
    team: 'service',
    skills: ['service', 'complaints'],
    state: 'not_ready',
    handled: 3,
    ahtMs: 200_000,
  }),
  agent({
    extension: '1002',
    team: 'sales',
    skills: ['sales'],
    state: 'on_call',
    handled: 5,
    ahtMs: 100_000,
  }),
  agent({
    extension: '1003',
    team: 'sales',
    skills: ['sales', 'service'],
    since: '2026-12-04T09:00:00.000Z',
  }),
];

describe('the wallboard queues shown', () => {
  it('all queues by name without a filter, the chosen ones with one', () => {
    expect(visibleQueues(queues, agents, { queueIds: [], team: null }).map((x) => x.queue)).toEqual([
      'complaints',
      'sales',
      'service',
    ]);
    expect(visibleQueues(queues, agents, { queueIds: ['q1'], team: null }).map((x) => x.queue)).toEqual([
      'sales',
    ]);
  });

  it('with a team, the queues its agents serve', () => {
    expect(visibleQueues(queues, agents, { queueIds: [], team: 'sales' }).map((x) => x.queue)).toEqual([
      'sales',
      'service',
    ]);
    expect(visibleQueues(queues, agents, { queueIds: [], team: 'service' }).map((x) => x.queue)).toEqual([
      'complaints',
      'service',
    ]);
  });
});

describe('the agent grid', () => {
  it('filters by team, queue and state, in extension order', () => {
    const none = { teams: [], queues: [], states: [] };
    expect(visibleAgents(agents, none).map((a) => a.extension)).toEqual(['1002', '1003', '1010']);
    expect(visibleAgents(agents, { ...none, teams: ['service'] }).map((a) => a.extension)).toEqual(['1010']);
    expect(visibleAgents(agents, { ...none, queues: ['service'] }).map((a) => a.extension)).toEqual([
      '1003',
      '1010',
    ]);
    expect(
      visibleAgents(agents, { ...none, states: ['on_call', 'not_ready'] }).map((a) => a.extension),
    ).toEqual(['1002', '1010']);
  });

  it('counts an agent on a call of a queue as serving it', () => {
    const lent = agent({
      extension: '1020',
      skills: [],
      call: { queue: 'complaints' } as WallboardAgent['call'],
    });
    expect(visibleAgents([lent], { teams: [], queues: ['complaints'], states: [] })).toHaveLength(1);
  });

  it('sorts by state, time in state and figures (no figure first)', () => {
    const now = Date.parse('2026-12-04T10:30:00.000Z');
    const by = (key: Parameters<typeof compareAgents>[0]) =>
      [...agents].sort(compareAgents(key, now)).map((a) => a.extension);
    expect(by('state')).toEqual(['1003', '1002', '1010']);
    expect(by('timeInState')).toEqual(['1010', '1002', '1003']);
    expect(by('handled')).toEqual(['1003', '1010', '1002']);
    expect(by('aht')).toEqual(['1003', '1002', '1010']);
  });
});
