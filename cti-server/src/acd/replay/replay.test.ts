import { describe, expect, it } from 'vitest';
import type { AgentProfile, QueueConfig } from '../types.js';
import { recordedOutcomes, runReplay } from './replay.js';
import type { RecordedCall, ReplayScenario, StaffingChange } from './replay-types.js';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const s = (seconds: number) => T0 + seconds * 1000;
const queue: QueueConfig = {
  id: 'q',
  skills: [{ skill: 'sales', minProficiency: 1 }],
  serviceLevelSeconds: 20,
  wrapUpSeconds: 0,
};
const agent = (id: string): AgentProfile => ({ id, skills: { sales: 3 } });
const ready = (agentId: string, at = 0): StaffingChange => ({
  agentId,
  at: s(at),
  state: 'ready',
  reason: null,
});
const call = (
  callId: string,
  offered: number,
  answered: number | null,
  ended: number | null,
): RecordedCall => ({
  callId,
  queueId: 'q',
  priority: 0,
  offeredAt: s(offered),
  answeredAt: answered === null ? null : s(answered),
  endedAt: ended === null ? null : s(ended),
});
// c1 talked 60 s, c2 waited 60 s and talked 60 s, c3 hung up after 30 s unanswered.
const calls = [call('c1', 0, 5, 65), call('c2', 10, 70, 130), call('c3', 20, null, 50)];
const scenario = (agents: AgentProfile[], staffing: StaffingChange[]): ReplayScenario => ({
  from: T0,
  to: s(3600),
  queues: [queue],
  agents,
  staffing,
  calls,
});

describe('ACD replay', () => {
  it('computes what happened from the records', () => {
    const [q] = recordedOutcomes(scenario([agent('a')], [ready('a')]));
    expect(q).toMatchObject({ offered: 3, answered: 2, abandoned: 1, unresolved: 0 });
    // c1 within 20 s; c2 not; c3 hung up after the threshold: 1 of 3.
    expect(q!.serviceLevel).toBeCloseTo(1 / 3);
    expect(q!.asaMs).toBe((5_000 + 60_000) / 2);
    expect(q!.abandonRate).toBeCloseTo(1 / 3);
  });

  it('replays one agent: the second caller waits for the first call to end, the third gives up', () => {
    const [q] = runReplay(scenario([agent('a')], [ready('a')]), { answerDelayMs: 3_000 });
    // c1 answered at 3 s, ends at 63 s; c2 answered at 66 s (waited 56 s); c3 hangs up at 50 s.
    expect(q).toMatchObject({ offered: 3, answered: 2, abandoned: 1, unresolved: 0 });
    expect(q!.asaMs).toBe((3_000 + 56_000) / 2);
    expect(q!.serviceLevel).toBeCloseTo(1 / 3);
  });

  it('what-if a second agent: c2 is answered at once, and an agent who logs in later takes the head call', () => {
    const [both] = runReplay(scenario([agent('a'), agent('b')], [ready('a'), ready('b')]), {
      answerDelayMs: 3_000,
    });
    expect(both).toMatchObject({ answered: 2, abandoned: 1 });
    expect(both!.asaMs).toBe(3_000);
    expect(both!.serviceLevel).toBeCloseTo(2 / 3);

    // b logs in at 30 s: c2 (waiting since 10 s) is answered at 33 s, c3 still gives up at 50 s.
    const [late] = runReplay(scenario([agent('a'), agent('b')], [ready('a'), ready('b', 30)]), {
      answerDelayMs: 3_000,
    });
    expect(late!.asaMs).toBe((3_000 + 23_000) / 2);
    expect(late).toMatchObject({ answered: 2, abandoned: 1 });
  });

  it('an agent who goes not ready mid-call does so after the call, and takes no more calls', () => {
    const notReady: StaffingChange = { agentId: 'a', at: s(30), state: 'not_ready', reason: 'break' };
    const [q] = runReplay(scenario([agent('a')], [ready('a'), notReady]), { answerDelayMs: 3_000 });
    // c1 is answered; a goes on break when it ends; c2 is never answered within the drain.
    expect(q).toMatchObject({ answered: 1, abandoned: 1, unresolved: 1 });
  });
});
