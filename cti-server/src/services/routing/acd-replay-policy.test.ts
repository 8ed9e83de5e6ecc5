import { describe, expect, it } from 'vitest';
import { parseReplayPolicy, replayScenario, ReplayPolicyError } from './acd-replay-policy.js';
import type { ReplayData } from './acd-replay-source.js';

const skill = (name: string, kind = 'skill') => ({ name, kind });
const data: ReplayData = {
  from: 0,
  to: 3_600_000,
  queues: [
    {
      id: 'q-sales',
      name: 'sales',
      displayName: 'Sales',
      strategy: 'least_busy',
      wrapUpSeconds: 30,
      requireDisposition: false,
      maxWaitSeconds: 600,
      serviceLevelSeconds: 20,
      overflowQueueId: null,
      policy: { relaxation: [], ringTimeoutSeconds: 15 },
      skills: [{ minProficiency: 3, skill: skill('sales') }],
    },
  ],
  agents: ['1001', '1002'].map((extension) => ({
    id: `a-${extension}`,
    userId: `u-${extension}`,
    extension,
    team: 'sales',
    displayName: extension,
    skills: [
      { proficiency: 4, skill: skill('sales') },
      { proficiency: 5, skill: skill('zh', 'language') },
    ],
  })),
  calls: [],
  staffing: [
    { agentId: 'a-1001', at: 0, state: 'ready', reason: 'login' },
    { agentId: 'a-1002', at: 10, state: 'ready', reason: 'login' },
    { agentId: 'a-1001', at: 20, state: 'not_ready', reason: 'break' },
  ],
};

describe('replay what-if policy', () => {
  it('without a policy replays the stored configuration', () => {
    const s = replayScenario(data);
    expect(s.queues[0]).toMatchObject({ id: 'q-sales', strategy: 'least_busy', ringTimeoutSeconds: 15 });
    expect(s.agents.map((a) => a.id)).toEqual(['a-1001', 'a-1002']);
    expect(s.agents[0]).toEqual({ id: 'a-1001', skills: { sales: 4 }, languages: ['zh'] });
    expect(s.staffing).toEqual(data.staffing);
  });

  it('overrides queue columns, merges the queue policy, adds, removes and re-skills agents', () => {
    const policy = parseReplayPolicy({
      queues: {
        sales: {
          strategy: 'longest_idle',
          serviceLevelSeconds: 30,
          policy: { relaxation: [{ afterSeconds: 30, minProficiency: 1 }] },
        },
      },
      agents: {
        add: [{ like: '1001', count: 2 }],
        remove: ['1002'],
        skills: { '1001': { sales: 2, billing: 3 } },
      },
    });
    const s = replayScenario(data, policy);
    expect(s.queues[0]).toMatchObject({
      strategy: 'longest_idle',
      serviceLevelSeconds: 30,
      ringTimeoutSeconds: 15,
      relaxation: [{ after: 30, minProficiency: 1 }],
    });
    expect(s.agents.map((a) => a.id)).toEqual(['a-1001', 'a-1001~what-if-1', 'a-1001~what-if-2']);
    // Copies take the re-skilled agent's skills and its staffing, in time order.
    expect(s.agents[2]!.skills).toEqual({ sales: 2, billing: 3 });
    expect(s.staffing.map((c) => `${c.at}:${c.agentId}:${c.state}`)).toEqual([
      '0:a-1001:ready',
      '0:a-1001~what-if-1:ready',
      '0:a-1001~what-if-2:ready',
      '20:a-1001:not_ready',
      '20:a-1001~what-if-1:not_ready',
      '20:a-1001~what-if-2:not_ready',
    ]);
  });

  it('a skill set to 0 is taken away', () => {
    const s = replayScenario(data, parseReplayPolicy({ agents: { skills: { '1002': { sales: 0 } } } }));
    expect(s.agents[1]).toEqual({ id: 'a-1002', skills: {}, languages: ['zh'] });
  });

  it.each([
    [[], 'must be a JSON object'],
    [{ queues: { sales: { serviceLevelSeconds: -1 } } }, 'serviceLevelSeconds must be a number ≥ 0'],
    [{ agents: { add: [{ count: 2 }] } }, 'need "like"'],
    [{ agents: { skills: { '1001': { sales: 7 } } } }, 'must be 0–5'],
  ])('refuses a malformed policy file: %j', (raw, message) => {
    expect(() => parseReplayPolicy(raw)).toThrow(message);
  });

  it('refuses names that are not there and queue policies the ACD would refuse', () => {
    expect(() => replayScenario(data, { queues: { vip: {} } })).toThrow('no queue named "vip"');
    expect(() => replayScenario(data, { agents: { add: [{ like: '1999' }] } })).toThrow(ReplayPolicyError);
    expect(() => replayScenario(data, { queues: { sales: { strategy: 'random' } } })).toThrow(
      'unknown strategy "random"',
    );
  });
});
