import { describe, expect, it } from 'vitest';
import { holdMusic } from './hold-music.js';
import { CallControlHarness } from './testing/call-control-harness.js';

// A queue's uploaded music on hold (issue 14) is what its callers hear when the agent holds.

describe('music on hold of the call’s queue', () => {
  const lounge = new Int16Array([1, 2, 3, 4]);

  const holdOnce = async (h: CallControlHarness, extension: string) => {
    const phone = h.phone(extension);
    h.login(extension);
    h.dial();
    await h.settle();
    phone.invites[0]!.answer();
    await h.settle();
    const callId = h.liveCallId();
    phone.invites[0]!.reinvite('sendonly');
    await h.settle();
    expect(h.media.playingTo(callId, 'caller')).toBe('music');
    return h.media.samplesPlayedTo(callId, 'caller');
  };

  it('plays the queue’s upload when it has one', async () => {
    const h = new CallControlHarness({
      holdMusic: (queueId) => (queueId === 'q-sales' ? lounge : undefined),
    });
    expect(await holdOnce(h, '1001')).toBe(lounge);
  });

  it('plays the built-in music otherwise', async () => {
    const h = new CallControlHarness({ holdMusic: () => undefined });
    expect(await holdOnce(h, '1001')).toBe(holdMusic());
  });
});
