import { describe, expect, it } from 'vitest';
import {
  checkCodeList,
  checkQueueDraft,
  servesQueue,
  type QueueContext,
  type QueueDraft,
} from './queue-rules.js';

const ctx: QueueContext = {
  skills: new Map([
    ['sales', 'skill'],
    ['service', 'skill'],
    ['zh', 'language'],
    ['en', 'language'],
  ]),
  queues: new Map([
    ['q-sales', { name: 'sales', active: true, overflowQueueId: 'q-service' }],
    ['q-service', { name: 'service', active: true, overflowQueueId: null }],
    ['q-old', { name: 'old', active: false, overflowQueueId: null }],
  ]),
  dispositionCodes: new Set(['sale', 'resolved']),
};

const draft = (over: Partial<QueueDraft> = {}): QueueDraft => ({
  id: 'q-sales',
  name: 'sales',
  strategy: 'least_busy',
  skills: [{ skill: 'sales', minProficiency: 3 }],
  relaxation: [],
  overflow: { kind: 'none' },
  maxWaitSeconds: 600,
  dispositions: null,
  ...over,
});

const message = (d: QueueDraft) => {
  try {
    checkQueueDraft(d, ctx);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
};

describe('queue rules', () => {
  it('accepts a sound queue', () => {
    expect(
      message(
        draft({
          skills: [
            { skill: 'sales', minProficiency: 3 },
            { skill: 'zh', minProficiency: 1 },
          ],
          relaxation: [
            { afterSeconds: 30, minProficiency: 1 },
            { afterSeconds: 90, addSkills: [{ skill: 'service' }], anyLanguage: true },
          ],
          overflow: { kind: 'voicemail' },
          dispositions: ['sale'],
        }),
      ),
    ).toBeNull();
  });

  it('names an unknown skill, a proficiency outside 1–5 and an unknown strategy', () => {
    expect(message(draft({ skills: [{ skill: 'golf', minProficiency: 2 }] }))).toMatch(
      /unknown skill "golf"/,
    );
    expect(message(draft({ skills: [{ skill: 'sales', minProficiency: 9 }] }))).toMatch(
      /proficiency 9 is not 1–5/,
    );
    expect(message(draft({ strategy: 'random' }))).toMatch(/unknown strategy "random"/);
    expect(
      message(
        draft({
          skills: [
            { skill: 'zh', minProficiency: 1 },
            { skill: 'en', minProficiency: 1 },
          ],
        }),
      ),
    ).toMatch(/at most one language/);
  });

  it('refuses relaxation steps out of order, that change nothing or drop a skill not required', () => {
    expect(
      message(
        draft({
          relaxation: [
            { afterSeconds: 60, minProficiency: 1 },
            { afterSeconds: 30, minProficiency: 1 },
          ],
        }),
      ),
    ).toMatch(/step 2: steps must come in order/);
    expect(message(draft({ relaxation: [{ afterSeconds: 30 }] }))).toMatch(/changes nothing/);
    expect(message(draft({ relaxation: [{ afterSeconds: 30, dropSkills: ['service'] }] }))).toMatch(
      /does not require/,
    );
    expect(message(draft({ relaxation: [{ afterSeconds: 30, addSkills: [{ skill: 'golf' }] }] }))).toMatch(
      /unknown skill "golf"/,
    );
  });

  it('refuses an overflow to itself, to an unknown or disabled queue, and a cycle', () => {
    expect(message(draft({ overflow: { kind: 'queue', queueId: 'q-sales' } }))).toMatch(/to itself/);
    expect(message(draft({ overflow: { kind: 'queue', queueId: 'nope' } }))).toMatch(/does not exist/);
    expect(message(draft({ overflow: { kind: 'queue', queueId: 'q-old' } }))).toMatch(/old is disabled/);
    // service → sales would loop: sales already overflows to service.
    expect(
      message(draft({ id: 'q-service', name: 'service', overflow: { kind: 'queue', queueId: 'q-sales' } })),
    ).toMatch(/overflow cycle: service → sales → service/);
    expect(
      message(draft({ id: undefined, name: 'new', overflow: { kind: 'queue', queueId: 'q-sales' } })),
    ).toBeNull();
  });

  it('refuses unknown or repeated disposition codes', () => {
    expect(message(draft({ dispositions: ['sale', 'golf'] }))).toMatch(/unknown disposition code golf/);
    expect(message(draft({ dispositions: ['sale', 'sale'] }))).toMatch(/twice/);
  });

  it('code lists have unique codes', () => {
    expect(() => checkCodeList([{ code: 'a' }, { code: 'b' }], 'dispositions')).not.toThrow();
    expect(() => checkCodeList([{ code: 'a' }, { code: 'a' }], 'dispositions')).toThrow(/a is listed twice/);
  });

  it('an agent serves a queue holding every non-language skill at its minimum', () => {
    const need = [
      { skill: 'sales', minProficiency: 3, kind: 'skill' },
      { skill: 'zh', minProficiency: 1, kind: 'language' },
    ];
    expect(servesQueue(new Map([['sales', 3]]), need)).toBe(true);
    expect(servesQueue(new Map([['sales', 2]]), need)).toBe(false);
    expect(servesQueue(new Map(), [])).toBe(true);
  });
});
