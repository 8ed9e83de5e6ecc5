// Customer history for the demo: orders, contracts, payments, service tickets with their
// update trail, past calls, and lifecycle changes. Customer 0 is the scripted VIP.
import type { Db } from '../client.js';
import type { GeneratedCustomer } from './customers.js';
import type { SeededRandom } from './random.js';

export interface HistoryContext {
  rnd: SeededRandom;
  now: number;
  products: Map<string, string>;
  lineIds: Map<string, string>;
  queueIds: Map<string, string>;
  agentIds: Map<string, string>;
  agentUserIds: Map<string, string>;
  staffIds: Map<string, string>;
}

const DAY = 86_400_000;
const PRICE: Record<string, number> = {
  'KF-ROUTER-100': 129900,
  'KF-ROUTER-300': 329900,
  'KF-MESH-KIT': 89900,
  'KF-CAM-2K': 29900,
  'KF-SWITCH-24': 159900,
  'KF-CLOUD-1Y': 19900,
};
const ORDERABLE = Object.keys(PRICE);
const DISPOSITIONS = ['resolved', 'info_given', 'sale', 'callback_requested', 'escalated'];
const TICKET_SUBJECTS = {
  complaint: ['配送延误三天 / Delivery three days late', '安装师傅未按约上门 / Installer missed appointment'],
  repair: ['路由器频繁断线 / Router drops connection', '摄像头无法上线 / Camera offline'],
  inquiry: ['发票抬头修改 / Change invoice title', '产品参数咨询 / Product spec question'],
  billing: ['重复扣款 / Charged twice'],
} as const;

export async function seedHistory(
  db: Db,
  customers: GeneratedCustomer[],
  ctx: HistoryContext,
): Promise<void> {
  let orderNo = 1;
  let ticketNo = 1;
  let contractNo = 1;
  let callNo = 1;
  const { rnd, now } = ctx;
  const extensions = [...ctx.agentIds.keys()];

  for (const [i, c] of customers.entries()) {
    const vip = i === 0;
    const buys =
      vip ||
      c.lifecycleStage === 'first_purchase' ||
      c.lifecycleStage === 'repeat' ||
      c.lifecycleStage === 'lost';
    const orderCount = vip ? 3 : buys ? (c.lifecycleStage === 'first_purchase' ? 1 : rnd.int(1, 4)) : 0;
    for (let k = 0; k < orderCount; k++) {
      const skus = vip
        ? ([['KF-ROUTER-100', 'KF-SWITCH-24'], ['KF-CAM-2K'], ['KF-MESH-KIT']][k] ?? ['KF-CAM-2K'])
        : [rnd.pick(ORDERABLE)];
      const items = skus.map((sku) => ({
        productId: ctx.products.get(sku) ?? '',
        quantity: c.segment === 'distributor' ? rnd.int(10, 60) : rnd.int(1, 2),
        unitPriceCents: PRICE[sku] ?? 0,
      }));
      const total = items.reduce((sum, it) => sum + it.quantity * it.unitPriceCents, 0);
      const orderedAt = new Date(now - (vip ? 20 + k * 60 : rnd.int(5, 500)) * DAY);
      const order = await db.order.create({
        data: {
          number: `SO${String(orderNo++).padStart(8, '0')}`,
          customerId: c.id,
          status: k === 0 && vip ? 'delivered' : rnd.pick(['delivered', 'delivered', 'shipped', 'paid']),
          totalCents: total,
          orderedAt,
          items: { create: items },
        },
      });
      await db.payment.create({
        data: {
          customerId: c.id,
          orderId: order.id,
          amountCents: total,
          method: rnd.pick(['alipay', 'wechat_pay', 'bank_transfer', 'card']),
          status: 'received',
          paidAt: new Date(orderedAt.getTime() + DAY),
        },
      });
    }

    if (c.kind === 'company' || vip) {
      await db.contract.create({
        data: {
          number: `HT${String(contractNo++).padStart(6, '0')}`,
          customerId: c.id,
          title: vip
            ? '年度网络维保合同 / Annual network maintenance'
            : '采购框架协议 / Purchase framework agreement',
          status: 'active',
          valueCents: vip ? 5_000_000 : rnd.int(50, 500) * 10_000,
          startsAt: new Date(now - 120 * DAY),
          endsAt: new Date(now + 245 * DAY),
        },
      });
    }

    if (c.lifecycleStage !== 'potential') {
      await db.customerChange.create({
        data: {
          customerId: c.id,
          field: 'lifecycleStage',
          fromValue: 'potential',
          toValue: c.lifecycleStage,
          reason: 'seeded history',
          at: new Date(now - c.stageDaysAgo * DAY),
        },
      });
    }

    const ticketCount = vip ? 2 : rnd.chance(0.2) ? 1 : 0;
    for (let k = 0; k < ticketCount; k++) {
      const type = vip
        ? k === 0
          ? 'complaint'
          : 'repair'
        : rnd.pick(['complaint', 'repair', 'inquiry', 'billing'] as const);
      const open = vip ? k === 0 : rnd.chance(0.4);
      const createdAt = new Date(now - (vip ? 2 + k * 30 : rnd.int(1, 200)) * DAY);
      const assignee = ctx.agentUserIds.get(extensions[11 + (i % 9)] ?? '1012') ?? null;
      await db.serviceTicket.create({
        data: {
          number: `TK${String(ticketNo++).padStart(7, '0')}`,
          customerId: c.id,
          type,
          priority: vip && k === 0 ? 'urgent' : type === 'complaint' ? 'high' : 'normal',
          status: open ? (vip ? 'in_progress' : 'open') : 'closed',
          subject: rnd.pick(TICKET_SUBJECTS[type]),
          description:
            vip && k === 0
              ? '客户第二次来电投诉配送延误，要求赔偿。Second call about a late delivery; asks for compensation.'
              : null,
          slaDueAt: new Date(createdAt.getTime() + (type === 'complaint' ? 1 : 3) * DAY),
          escalationLevel: vip && k === 0 ? 1 : 0,
          assigneeId: assignee,
          createdAt,
          updates: {
            create: [
              { kind: 'created', toValue: open ? 'open' : 'open', at: createdAt, actorId: assignee },
              ...(vip && k === 0
                ? [
                    {
                      kind: 'status',
                      fromValue: 'open',
                      toValue: 'in_progress',
                      at: new Date(createdAt.getTime() + 3_600_000),
                      actorId: assignee,
                    },
                    {
                      kind: 'escalation',
                      fromValue: '0',
                      toValue: '1',
                      note: 'VIP, second contact',
                      at: new Date(createdAt.getTime() + 7_200_000),
                      actorId: ctx.staffIds.get('sup1') ?? null,
                    },
                  ]
                : open
                  ? []
                  : [
                      {
                        kind: 'status',
                        fromValue: 'open',
                        toValue: 'closed',
                        at: new Date(createdAt.getTime() + 2 * DAY),
                        actorId: assignee,
                      },
                    ]),
            ],
          },
        },
      });
    }

    const calls = vip ? 2 : rnd.chance(0.3) ? rnd.int(1, 3) : 0;
    for (let k = 0; k < calls; k++) {
      const ext = vip ? '1012' : rnd.pick(extensions);
      const offeredAt = new Date(now - (vip ? 2 + k * 25 : rnd.int(1, 300)) * DAY);
      const talk = rnd.int(45, 600) * 1000;
      const dnis = vip ? '4008002000' : rnd.pick(['4008001000', '4008002000']);
      await db.interaction.create({
        data: {
          callId: `seed-${String(callNo++).padStart(6, '0')}`,
          ani: c.phones[0]?.e164 ?? null,
          dnis,
          customerId: c.id,
          agentId: ctx.agentIds.get(ext) ?? null,
          queueId: ctx.queueIds.get(dnis === '4008001000' ? 'sales' : 'service') ?? null,
          lineId: ctx.lineIds.get(dnis) ?? null,
          offeredAt,
          answeredAt: new Date(offeredAt.getTime() + rnd.int(3, 40) * 1000),
          endedAt: new Date(offeredAt.getTime() + 40_000 + talk),
          endedBy: rnd.pick(['caller', 'agent']),
          sipCause: 200,
          disposition: vip && k === 0 ? 'escalated' : rnd.pick(DISPOSITIONS),
          notes:
            vip && k === 0 ? '客户对配送延误不满，已升级主管。Unhappy about late delivery; escalated.' : null,
        },
      });
    }
  }
}
