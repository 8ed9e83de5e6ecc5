import type { CustomerLookup, CustomerSummary } from '../call-types.js';

export interface FakeCustomer extends CustomerSummary {
  phones: string[];
  orders: string[];
}

/** A tiny stand-in CRM for the simulator and tests; the server looks callers up in the DB. */
export const fakeCustomers: readonly FakeCustomer[] = [
  {
    id: 'fake-1',
    name: '王芳',
    accountNumber: '10000001',
    language: 'zh-CN',
    vipTier: 0,
    lifecycleStage: 'repeat',
    openComplaint: false,
    phones: ['13800138000'],
    orders: ['880001'],
  },
  {
    id: 'fake-2',
    name: '陈明',
    accountNumber: '10000002',
    language: 'zh-CN',
    vipTier: 3,
    lifecycleStage: 'repeat',
    openComplaint: true,
    phones: ['13900139000'],
    orders: ['880002'],
  },
  {
    id: 'fake-3',
    name: 'John Smith',
    accountNumber: '20000001',
    language: 'en-US',
    vipTier: 2,
    lifecycleStage: 'first_purchase',
    openComplaint: false,
    phones: ['14155550123'],
    orders: ['990001'],
  },
];

function summary({ phones: _phones, orders: _orders, ...customer }: FakeCustomer): CustomerSummary {
  return customer;
}

/**
 * Lookup over an in-memory list. `callerTier` makes the caller (`ani`) a known customer of
 * that VIP tier, creating one when the number is not in the list.
 */
export function fakeCustomerLookup(
  customers: readonly FakeCustomer[] = fakeCustomers,
  caller?: { ani: string; tier: number },
): CustomerLookup {
  let list = [...customers];
  if (caller) {
    const known = list.find((c) => c.phones.includes(caller.ani));
    const adjusted: FakeCustomer = known
      ? { ...known, vipTier: caller.tier }
      : {
          id: `fake-${caller.ani}`,
          name: 'Simulated caller',
          accountNumber: `9${caller.ani.slice(-7)}`,
          language: 'zh-CN',
          vipTier: caller.tier,
          lifecycleStage: 'repeat',
          openComplaint: false,
          phones: [caller.ani],
          orders: [],
        };
    list = [adjusted, ...list.filter((c) => c !== known)];
  }
  return async ({ by, value }) => {
    const found = list.find((c) =>
      by === 'ani'
        ? c.phones.includes(value)
        : by === 'account'
          ? c.accountNumber === value
          : c.orders.includes(value),
    );
    return found ? summary(found) : null;
  };
}
