import type { Db } from '@kefu/db';
import { describe, expect, it } from 'vitest';
import { listTickets } from './ticket-service.js';

describe('listTickets', () => {
  // Found by the HTTP fuzzer: GET /api/tickets?=x put a "" key into Prisma's where (500), and
  // any other query parameter became a condition on the column of that name.
  it('filters on the named filters only, whatever else the query string carried', async () => {
    let where: unknown;
    const db = {
      serviceTicket: {
        findMany: (args: { where: unknown }) => {
          where = args.where;
          return Promise.resolve([]);
        },
      },
    } as unknown as Db;
    const query = { status: 'open' as const, limit: 5, '': '{{7*7}}', subject: 'x', customer: 'y' };
    await listTickets(db, query);
    expect(where).toEqual({ customerId: undefined, status: 'open', type: undefined, assigneeId: undefined });
  });
});
