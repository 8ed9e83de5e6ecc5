import { describe, expect, it } from 'vitest';
import { QueuePolicyError, agentProfileFromRow, queueConfigFromRow, type QueueRow } from './acd-config.js';

const row = (over: Partial<QueueRow> = {}): QueueRow => ({
  id: 'q1',
  name: 'complaints',
  strategy: 'least_busy',
  wrapUpSeconds: 60,
  requireDisposition: true,
  maxWaitSeconds: 600,
  serviceLevelSeconds: 20,
  overflowQueueId: null,
  policy: null,
  skills: [
    { minProficiency: 3, skill: { name: 'complaints', kind: 'skill' } },
    { minProficiency: 1, skill: { name: 'zh', kind: 'language' } },
  ],
  ...over,
});

describe('queueConfigFromRow', () => {
  it('maps skills, the language skill and the seeded relaxation policy', () => {
    const config = queueConfigFromRow(
      row({
        overflowQueueId: 'q2',
        policy: {
          relaxation: [
            { afterSeconds: 45, minProficiency: 2 },
            { afterSeconds: 120, addSkills: ['service'] },
          ],
        },
      }),
    );
    expect(config).toMatchObject({
      id: 'q1',
      skills: [{ skill: 'complaints', minProficiency: 3 }],
      language: 'zh',
      wrapUpSeconds: 60,
      requireDisposition: true,
      relaxation: [
        { after: 45, minProficiency: 2 },
        { after: 120, addSkills: [{ skill: 'service' }] },
      ],
      overflow: { kind: 'queue', queueId: 'q2' },
      maxWaitSeconds: 600,
    });
  });

  it('has no max-wait timer without an overflow target', () => {
    expect(queueConfigFromRow(row()).maxWaitSeconds).toBeUndefined();
    expect(queueConfigFromRow(row({ policy: { overflow: 'voicemail' } })).overflow).toEqual({
      kind: 'voicemail',
    });
  });

  it('refuses policies the router could misread, naming the queue', () => {
    const bad = [
      { relaxation: [{ afterSeconds: 60 }, { afterSeconds: 30 }] },
      { relaxation: [{ minProficiency: 1 }] },
      { relaxation: 'soon' },
      { overflow: 'nowhere' },
      [1, 2],
    ];
    for (const policy of bad) {
      expect(() => queueConfigFromRow(row({ policy })), JSON.stringify(policy)).toThrow(QueuePolicyError);
    }
    expect(() => queueConfigFromRow(row({ strategy: 'random' }))).toThrow(/complaints.*strategy/);
  });
});

describe('agentProfileFromRow', () => {
  it('splits languages from skills', () => {
    expect(
      agentProfileFromRow({
        id: 'a1',
        skills: [
          { proficiency: 4, skill: { name: 'sales', kind: 'skill' } },
          { proficiency: 5, skill: { name: 'zh', kind: 'language' } },
        ],
      }),
    ).toEqual({ id: 'a1', skills: { sales: 4 }, languages: ['zh'] });
  });
});
