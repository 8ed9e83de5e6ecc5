import { describe, expect, it } from 'vitest';
import type { AdminQueue } from '@kefu/cti-server/contract';
import { NEW_QUEUE, duplicateCode, queueFormValues, toNewQueue, toQueuePatch } from './queue-form.js';

const sales: AdminQueue = {
  id: 'q1',
  name: 'sales',
  displayName: '销售 Sales',
  active: true,
  strategy: 'least_busy',
  skills: [{ skill: 'sales', kind: 'skill', minProficiency: 2 }],
  relaxation: [{ afterSeconds: 60, minProficiency: 1 }],
  basePriority: 0,
  serviceLevelSeconds: 20,
  serviceLevelTarget: 80,
  maxWaitSeconds: 600,
  overflow: { kind: 'queue', queueId: 'q2', queueName: 'service' },
  ringTimeoutSeconds: null,
  wrapUpSeconds: 30,
  requireDisposition: false,
  dispositions: null,
  announceEverySeconds: null,
  musicOnHold: null,
  lines: [],
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('queue form', () => {
  it('sends nothing for an unchanged queue, and only the changed fields otherwise', () => {
    const values = queueFormValues(sales);
    expect(toQueuePatch(sales, values)).toEqual({});
    expect(toQueuePatch(sales, { ...values, wrapUpSeconds: 45, dispositions: ['sale'] })).toEqual({
      wrapUpSeconds: 45,
      dispositions: ['sale'],
    });
    expect(toQueuePatch(sales, { ...values, overflowKind: 'voicemail' })).toEqual({
      overflow: { kind: 'voicemail' },
    });
  });

  it('builds a new queue: empty dispositions mean all, relaxation steps without blanks', () => {
    const body = toNewQueue({
      ...NEW_QUEUE,
      name: ' vip ',
      displayName: 'VIP ',
      skills: [{ skill: 'sales', minProficiency: 4 }],
      relaxation: [
        {
          afterSeconds: 30,
          minProficiency: null,
          dropSkills: [],
          addSkills: ['service'],
          anyLanguage: false,
        },
      ],
    });
    expect(body).toMatchObject({
      name: 'vip',
      displayName: 'VIP',
      dispositions: null,
      overflow: { kind: 'none' },
      relaxation: [{ afterSeconds: 30, addSkills: [{ skill: 'service' }] }],
    });
  });

  it('finds a code listed twice', () => {
    expect(duplicateCode([{ code: 'a' }, { code: 'b' }])).toBeNull();
    expect(duplicateCode([{ code: 'a' }, { code: 'b' }, { code: 'a' }])).toBe('a');
  });
});
