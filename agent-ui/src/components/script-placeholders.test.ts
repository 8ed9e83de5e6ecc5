import { describe, expect, it } from 'vitest';
import { EMPTY_FIELD, fillPlaceholders } from './script-placeholders.js';

describe('fillPlaceholders', () => {
  const fields = { agent: '李明', 'customer.name': '王芳', 'customer.tier': '3', 'customer.city': '' };

  it('fills the agent, the customer and the customer facts', () => {
    expect(fillPlaceholders('您好{customer}，我是{agent}。您是{customer.tier}级会员', fields)).toBe(
      '您好王芳，我是李明。您是3级会员',
    );
    expect(fillPlaceholders('{customer.name}', { customer: 'Wang Fang' })).toBe('Wang Fang');
  });

  it('shows a dash for an unknown or empty field, and leaves other braces alone', () => {
    expect(fillPlaceholders('{customer.city} {customer.lastOrder} {other}', fields)).toBe(
      `${EMPTY_FIELD} ${EMPTY_FIELD} {other}`,
    );
  });

  it('takes the agent name given when the fields lack it', () => {
    expect(fillPlaceholders('I am {agent}', {}, 'Li Ming')).toBe('I am Li Ming');
    expect(fillPlaceholders('I am {agent}', {})).toBe(`I am ${EMPTY_FIELD}`);
  });
});
