import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../clock/index.js';
import { ConsolePresence } from './console-presence.js';

describe('ConsolePresence', () => {
  const setup = () => {
    const clock = new SimulatedClock();
    const changes: Array<[string, boolean]> = [];
    const presence = new ConsolePresence({
      graceMs: 10_000,
      timers: clock,
      onChange: (id, c) => changes.push([id, c]),
    });
    return { clock, changes, presence };
  };

  it('reports a connect at once and a disconnect only after the grace period', () => {
    const { presence, changes, clock } = setup();
    presence.connected('a1');
    expect(changes).toEqual([['a1', true]]);
    presence.disconnected('a1');
    expect(changes).toHaveLength(1);
    expect(presence.inGrace()).toEqual(['a1']);
    clock.advance(9_999);
    expect(changes).toHaveLength(1);
    clock.advance(1);
    expect(changes).toEqual([
      ['a1', true],
      ['a1', false],
    ]);
  });

  it('a reload within the grace period reports nothing', () => {
    const { presence, changes, clock } = setup();
    presence.connected('a1');
    presence.disconnected('a1');
    presence.connected('a1');
    expect(clock.pending).toBe(0);
    expect(changes).toEqual([['a1', true]]);
  });

  it('waits for the last of several sockets', () => {
    const { presence, changes, clock } = setup();
    presence.connected('a1');
    presence.connected('a1');
    presence.disconnected('a1');
    expect(clock.pending).toBe(0);
    presence.disconnected('a1');
    clock.advance(10_000);
    expect(changes.at(-1)).toEqual(['a1', false]);
  });
});
