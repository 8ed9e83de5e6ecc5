import type { Db } from '@kefu/db';
import { stuckCustomers } from '../crm/customer-service.js';
import type { AlertCondition } from './alert-rules.js';

/** How many stuck customers are raised at most (the oldest first): an alert list, not a report. */
const MAX_STUCK_ALERTS = 100;

/**
 * One `stuck_customer` alert per customer who stayed in their lifecycle stage longer than the
 * stage's `lifecycle.stuckDays`, naming the owner, who is told too. A database read: the caller
 * runs it every few minutes, never on the 1 s alert tick.
 */
export async function stuckCustomerAlerts(db: Db, now: Date): Promise<AlertCondition[]> {
  const rows = await stuckCustomers(db, { now, limit: MAX_STUCK_ALERTS });
  return rows.map((r) => ({
    id: `stuck_customer:${r.id}`,
    kind: 'stuck_customer' as const,
    level: 'warning' as const,
    customerId: r.id,
    ...(r.owner && { ownerUserId: r.owner.id }),
    values: {
      customer: r.name,
      stage: r.lifecycleStage,
      days: r.daysInStage,
      ...(r.thresholdDays !== null && { thresholdDays: r.thresholdDays }),
      ...(r.owner && { owner: r.owner.displayName }),
    },
  }));
}
