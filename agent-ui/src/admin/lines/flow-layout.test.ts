import { describe, expect, it } from 'vitest';
import { COLUMN_WIDTH, ROW_HEIGHT, layoutFlow } from './flow-layout.js';

describe('flow layout', () => {
  it('puts each step in the column of its breadth-first depth, unreachable ones last', () => {
    const nodes = ['start', 'hours', 'welcome', 'closed', 'menu', 'orphan'].map((id) => ({ id }));
    const edges = [
      { from: 'start', to: 'hours' },
      { from: 'hours', to: 'welcome' },
      { from: 'hours', to: 'closed' },
      { from: 'welcome', to: 'menu' },
      { from: 'menu', to: 'hours' },
    ];
    const at = layoutFlow(nodes, edges, 'start');
    expect(at.get('start')).toEqual({ x: 0, y: 0, depth: 0 });
    expect(at.get('hours')).toEqual({ x: COLUMN_WIDTH, y: 0, depth: 1 });
    expect(at.get('welcome')).toEqual({ x: 2 * COLUMN_WIDTH, y: 0, depth: 2 });
    expect(at.get('closed')).toEqual({ x: 2 * COLUMN_WIDTH, y: ROW_HEIGHT, depth: 2 });
    expect(at.get('menu')?.depth).toBe(3);
    expect(at.get('orphan')?.depth).toBe(4);
  });
});
