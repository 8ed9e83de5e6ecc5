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
    expect(outcomes.at(-1)).toEqual({ kind: 'throttled', retryAfterSeconds: 60 });
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

  it('caps the password checks running at once for one address', async () => {
    const throttle = new LoginThrottle({ clock: new SimulatedClock(1_000), maxInFlightPerAddress: 2 });
    const gate = deferred<string>();
    const first = throttle.attempt(OFFICE, 'a', () => gate.promise);
    const second = throttle.attempt(OFFICE, 'b', () => gate.promise);
    await Promise.resolve();
    await Promise.resolve();
    expect(await throttle.attempt(OFFICE, 'c', async () => 'x')).toEqual({
      kind: 'throttled',
      retryAfterSeconds: 1,
    });
    expect((await throttle.attempt('203.0.113.1', 'c', async () => 'x')).kind).toBe('ok');
    gate.resolve('ok');
    await Promise.all([first, second]);
    expect((await throttle.attempt(OFFICE, 'c', async () => 'x')).kind).toBe('ok');
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
