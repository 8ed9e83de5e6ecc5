import { describe, expect, it } from 'vitest';
import { newestFirst, slaState } from './tickets.js';

const now = Date.parse('2026-03-01T10:00:00Z');
const at = (hours: number) => new Date(now + hours * 3_600_000).toISOString();

describe('ticket SLA state', () => {
  it('is overdue past the due time, due soon within 4 h, ok beyond', () => {
    expect(slaState(at(-1), 'open', now)).toBe('overdue');
    expect(slaState(at(3.5), 'in_progress', now)).toBe('due-soon');
    expect(slaState(at(24), 'open', now)).toBe('ok');
  });
  it('says nothing for tickets without a due time or already resolved', () => {
    expect(slaState(null, 'open', now)).toBe('none');
    expect(slaState(at(-1), 'resolved', now)).toBe('none');
    expect(slaState(at(-1), 'closed', now)).toBe('none');
    expect(slaState('garbage', 'open', now)).toBe('none');
  });
  it('orders a history newest first without changing the input', () => {
    const list = [{ at: at(0) }, { at: at(2) }, { at: at(1) }];
    expect(newestFirst(list).map((u) => u.at)).toEqual([at(2), at(1), at(0)]);
    expect(list[0]!.at).toBe(at(0));
  });
});
