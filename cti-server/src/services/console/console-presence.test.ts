import { describe, expect, it } from 'vitest';
import { ConsolePresence, type PresenceTimers } from './console-presence.js';

function manualTimers() {
  const due = new Map<number, () => void>();
  let next = 0;
  const timers: PresenceTimers = {
    setTimeout: (fn) => {
      due.set(++next, fn);
      return next;
    },
    clearTimeout: (h) => void due.delete(h as number),
  };
  const fireAll = () => {
    const fns = [...due.values()];
    due.clear();
    for (const fn of fns) fn();
  };
  return { timers, due, fireAll };
}

describe('ConsolePresence', () => {
  const setup = () => {
    const t = manualTimers();
    const changes: Array<[string, boolean]> = [];
    const presence = new ConsolePresence({
      graceMs: 10_000,
      timers: t.timers,
      onChange: (id, c) => changes.push([id, c]),
    });
    return { ...t, changes, presence };
  };

  it('reports a connect at once and a disconnect only after the grace period', () => {
    const { presence, changes, fireAll } = setup();
    presence.connected('a1');
    expect(changes).toEqual([['a1', true]]);
    presence.disconnected('a1');
    expect(changes).toHaveLength(1);
    expect(presence.inGrace()).toEqual(['a1']);
    fireAll();
    expect(changes).toEqual([
      ['a1', true],
      ['a1', false],
    ]);
  });

  it('a reload within the grace period reports nothing', () => {
    const { presence, changes, due } = setup();
    presence.connected('a1');
    presence.disconnected('a1');
    presence.connected('a1');
    expect(due.size).toBe(0);
    expect(changes).toEqual([['a1', true]]);
  });

  it('waits for the last of several sockets', () => {
    const { presence, changes, due, fireAll } = setup();
    presence.connected('a1');
    presence.connected('a1');
    presence.disconnected('a1');
    expect(due.size).toBe(0);
    presence.disconnected('a1');
    fireAll();
    expect(changes.at(-1)).toEqual(['a1', false]);
  });
});
