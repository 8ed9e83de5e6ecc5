import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../clock/index.js';
import { LoginThrottle } from './login-throttle.js';

const OFFICE = '198.51.100.20';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('LoginThrottle', () => {
  it('checks the attempts of one pair in turn, so parallel guesses cannot race past the count', async () => {
    const throttle = new LoginThrottle({ clock: new SimulatedClock(1_000) });
    let checked = 0;
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () =>
        throttle.attempt(OFFICE, '1001', async () => {
          checked += 1;
          return null;
        }),
      ),
    );
    expect(checked).toBe(5);
    expect(outcomes.map((o) => o.kind)).toEqual([...Array(5).fill('wrong'), ...Array(3).fill('throttled')]);
    expect(outcomes.at(-1)).toEqual({ kind: 'throttled', reason: 'failures', retryAfterSeconds: 60 });
  });

  it('lets the right password of another user from the same address through, and clears the pair on success', async () => {
    const clock = new SimulatedClock(1_000);
    const throttle = new LoginThrottle({ clock });
    for (let i = 0; i < 4; i++) await throttle.attempt(OFFICE, '1001', async () => null);
    expect(await throttle.attempt(OFFICE, 'sup1', async () => 'token')).toEqual({
      kind: 'ok',
      value: 'token',
    });
    expect((await throttle.attempt(OFFICE, '1001', async () => 'token')).kind).toBe('ok');
    for (let i = 0; i < 4; i++) await throttle.attempt(OFFICE, '1001', async () => null);
    expect((await throttle.attempt(OFFICE, '1001', async () => 'token')).kind).toBe('ok');
  });

  it('runs at most maxInFlightPerAddress checks at once per address; the rest wait, a flood is refused', async () => {
    const throttle = new LoginThrottle({
      clock: new SimulatedClock(1_000),
      maxInFlightPerAddress: 2,
      maxWaitingPerAddress: 1,
    });
    const gate = deferred<string>();
    let running = 0;
    let most = 0;
    const check = async () => {
      running += 1;
      most = Math.max(most, running);
      const value = await gate.promise;
      running -= 1;
      return value;
    };
    const attempts = ['a', 'b', 'c'].map((user) => throttle.attempt(OFFICE, user, check));
    await new Promise((r) => setTimeout(r, 0));
    expect(await throttle.attempt(OFFICE, 'd', check)).toEqual({
      kind: 'throttled',
      reason: 'busy',
      retryAfterSeconds: 1,
    });
    expect((await throttle.attempt('203.0.113.1', 'e', async () => 'x')).kind).toBe('ok');
    gate.resolve('ok');
    expect((await Promise.all(attempts)).map((o) => o.kind)).toEqual(['ok', 'ok', 'ok']);
    expect(most).toBe(2);
    expect((await throttle.attempt(OFFICE, 'd', async () => 'x')).kind).toBe('ok');
  });

  it('a check that throws counts nothing and does not block the queue', async () => {
    const throttle = new LoginThrottle({ clock: new SimulatedClock(1_000) });
    await expect(
      throttle.attempt(OFFICE, '1001', () => Promise.reject(new Error('db down'))),
    ).rejects.toThrow('db down');
    expect(throttle.limiter.failuresFor(OFFICE, '1001')).toBe(0);
    expect((await throttle.attempt(OFFICE, '1001', async () => 1)).kind).toBe('ok');
  });
});
