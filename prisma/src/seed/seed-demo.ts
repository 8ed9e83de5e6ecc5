import type { Db } from '../client.js';
import { hashPassword, sipHa1, sipRealm } from '../credentials.js';
import {
  AGENTS,
  BUSINESS_HOURS,
  CROSS_SELL_RULES,
  DEMO_TRUNK,
  HOLIDAYS,
  LINES,
  PRODUCTS,
  QUEUES,
  SKILLS,
  STAFF,
  SUPERVISOR_PHONES,
  demoPassword,
} from './demo-config.js';
import { DEMO_SCRIPTS } from './call-scripts.js';
import { CONSOLE_SETTINGS } from './console-settings.js';
import { seedConsoleHistory } from './console-history.js';
import { SHARED_SWITCHBOARD, customerId, generateCustomer, type GeneratedCustomer } from './customers.js';
import { seedHistory } from './history.js';
import { seedTraffic } from './traffic.js';
import { SeededRandom } from './random.js';

export interface SeedOptions {
  /** Total customers (default 300). Above a few thousand only the first 300 get a history. */
  customers?: number;
  /**
   * Past days of call traffic for the reports (default none: a test counts its own calls; the
   * seed command seeds `DEMO_TRAFFIC_DAYS`).
   */
  trafficDays?: number;
  log?: (line: string) => void;
}

/** Days of traffic `pnpm seed` gives the demo centre (before today). */
export const DEMO_TRAFFIC_DAYS = 7;

const DAY = 86_400_000;
export const VIP_PHONE = '+8613800138000';
/** Customers seeded with full history; `--customers N` above this adds bulk ones. */
export const DEMO_CUSTOMERS = 300;
export const SETTINGS = {
  'lifecycle.stuckDays': { potential: 30, intent: 14, first_purchase: 90 },
  'tickets.slaHours': { complaint: 24, repair: 72, default: 48 },
  ...CONSOLE_SETTINGS,
} as const;

export class SeedRefusedError extends Error {}

/** Seeds an empty database with the deterministic demo data set. */
export async function seedDemo(db: Db, options: SeedOptions = {}): Promise<void> {
  if (process.env.NODE_ENV === 'production') {
    throw new SeedRefusedError('demo data (with demo passwords) is refused when NODE_ENV=production');
  }
  if ((await db.user.count()) > 0)
    throw new SeedRefusedError('database already has users; seed wants it empty');
  const log = options.log ?? (() => {});
  const total = Math.max(options.customers ?? DEMO_CUSTOMERS, 4);
  const realm = sipRealm();

  const skills = new Map<string, string>();
  for (const s of SKILLS) skills.set(s.name, (await db.skill.create({ data: s })).id);
  const skillId = (name: string): string => skills.get(name) ?? fail(`unknown skill ${name}`);

  const queues = new Map<string, string>();
  for (const q of QUEUES) {
    const queue = await db.queue.create({
      data: {
        name: q.name,
        displayName: q.displayName,
        wrapUpSeconds: q.wrapUpSeconds,
        requireDisposition: 'requireDisposition' in q ? q.requireDisposition : false,
        policy: q.policy as object,
        skills: { create: q.skills.map((s) => ({ skillId: skillId(s.skill), minProficiency: s.min })) },
      },
    });
    queues.set(q.name, queue.id);
  }
  await db.queue.update({
    where: { name: 'complaints' },
    data: { overflowQueueId: queues.get('service') ?? null },
  });

  const trunk = await db.trunk.create({ data: DEMO_TRUNK });
  const lineIds = new Map<string, string>();
  for (const l of LINES) {
    const line = await db.line.create({
      data: {
        dnis: l.dnis,
        name: l.name,
        ivrFlow: l.ivrFlow,
        queueId: queues.get(l.queue) ?? null,
        trunkId: trunk.id,
        // The IVR lines' flows ask their hours; the direct line has none of its own (open all
        // week, no holidays), so a call to it reaches the sales queue at any time of day.
        ...(l.ivrFlow && { businessHours: BUSINESS_HOURS, holidays: HOLIDAYS }),
      },
    });
    lineIds.set(l.dnis, line.id);
  }

  const agentIds = new Map<string, string>();
  for (const a of AGENTS) {
    const password = demoPassword(a.extension);
    const user = await db.user.create({
      data: {
        username: a.extension,
        displayName: a.displayName,
        role: 'agent',
        roles: { create: [{ role: 'agent' }] },
        passwordHash: await hashPassword(password),
        agent: {
          create: {
            extension: a.extension,
            team: a.team,
            sipRealm: realm,
            sipHa1Md5: sipHa1(a.extension, realm, password, 'MD5'),
            sipHa1Sha256: sipHa1(a.extension, realm, password, 'SHA-256'),
            skills: {
              create: a.skills.map((s) => ({ skillId: skillId(s.skill), proficiency: s.proficiency })),
            },
            stateEvents: { create: { state: 'logged_out', reason: 'seeded' } },
          },
        },
      },
      include: { agent: true },
    });
    agentIds.set(a.extension, user.agent?.id ?? fail('agent not created'));
  }
  const staff = new Map<string, string>();
  for (const s of STAFF) {
    const phone = SUPERVISOR_PHONES[s.username];
    const user = await db.user.create({
      data: {
        ...s,
        roles: { create: [{ role: s.role }] },
        passwordHash: await hashPassword(demoPassword(s.username)),
        locale: 'en',
        ...(phone && {
          agent: {
            create: {
              extension: phone,
              sipRealm: realm,
              sipHa1Md5: sipHa1(phone, realm, demoPassword(phone), 'MD5'),
              sipHa1Sha256: sipHa1(phone, realm, demoPassword(phone), 'SHA-256'),
              stateEvents: { create: { state: 'logged_out', reason: 'seeded' } },
            },
          },
        }),
      },
    });
    staff.set(s.username, user.id);
  }
  log(
    `staff: ${AGENTS.length} agents (1001–1020), ${STAFF.map((s) => s.username).join(', ')} (sup1's phone 1090)`,
  );

  const products = new Map<string, string>();
  for (const p of PRODUCTS) products.set(p.sku, (await db.product.create({ data: p })).id);
  for (const r of CROSS_SELL_RULES) {
    const { offer, ...rule } = r;
    await db.crossSellRule.create({
      data: {
        ...rule,
        conditions: rule.conditions as object,
        offerProductId: products.get(offer) ?? fail(`unknown product ${offer}`),
        createdById: staff.get('mkt1') ?? null,
      },
    });
  }
  for (const { line, queue, ...s } of DEMO_SCRIPTS) {
    await db.callScript.create({
      data: {
        ...s,
        lineId: line ? (lineIds.get(line) ?? fail(`unknown line ${line}`)) : null,
        queueId: queue ? (queues.get(queue) ?? fail(`unknown queue ${queue}`)) : null,
        createdById: staff.get('mkt1') ?? null,
        // Live long before the seeded history: a call gets the newest version published before it.
        status: 'published',
        publishedAt: new Date(Date.now() - 400 * 86_400_000),
        publishedById: staff.get('mkt1') ?? null,
      },
    });
  }
  for (const [key, value] of Object.entries(SETTINGS)) {
    await db.setting.create({ data: { key, value: value as object } });
  }

  const now = Date.now();
  const rnd = new SeededRandom(20261124);
  const agentUserIds = new Map(
    (await db.agent.findMany({ select: { extension: true, userId: true } })).map((a) => [
      a.extension,
      a.userId,
    ]),
  );
  const ownerOf = (i: number): string | null => {
    const ext = AGENTS[i % AGENTS.length]?.extension;
    return ext ? (agentUserIds.get(ext) ?? null) : null;
  };

  const BATCH = 500;
  const generated: GeneratedCustomer[] = [];
  for (let start = 0; start < total; start += BATCH) {
    const batch: GeneratedCustomer[] = [];
    for (let i = start; i < Math.min(total, start + BATCH); i++) batch.push(demoCustomer(i, rnd));
    await db.customer.createMany({
      data: batch.map((c, k) => ({
        id: c.id,
        accountNumber: c.accountNumber,
        kind: c.kind,
        name: c.name,
        companyName: c.companyName,
        segment: c.segment,
        language: c.language,
        city: c.city,
        email: c.email,
        lifecycleStage: c.lifecycleStage,
        stageEnteredAt: new Date(now - c.stageDaysAgo * DAY),
        vipTier: c.vipTier,
        valueQuadrant: c.valueQuadrant,
        personality: c.personality,
        ownerId: ownerOf(start + k),
      })),
    });
    await db.phoneNumber.createMany({
      data: batch.flatMap((c) => c.phones.map((p) => ({ ...p, customerId: c.id }))),
    });
    if (generated.length < 300) generated.push(...batch.slice(0, 300 - generated.length));
    if (start % 50_000 === 0 && start > 0) log(`customers: ${start}/${total}`);
  }
  log(`customers: ${total} (VIP ${VIP_PHONE} = ${customerId(0)})`);

  await seedHistory(db, generated, {
    rnd,
    now,
    products,
    lineIds,
    queueIds: queues,
    agentIds,
    agentUserIds,
    staffIds: staff,
  });
  log('history: orders, contracts, payments, tickets, past calls');
  await seedConsoleHistory(db, { now, products, agentIds });
  log('console: stock reports, cross-sell outcomes');
  if (options.trafficDays) {
    // Its own sequence, so the rest of the demo is the same with or without it.
    const rnd = new SeededRandom(2026);
    const calls = await seedTraffic(
      db,
      { rnd, now, lineIds, queueIds: queues, agentIds },
      options.trafficDays,
    );
    log(`traffic: ${calls} calls over the ${options.trafficDays} days before today`);
  }
}

/** Customers 0–3 are hand-made for the demo; the rest are generated. */
function demoCustomer(i: number, rnd: SeededRandom): GeneratedCustomer {
  const c = generateCustomer(i, rnd);
  switch (i) {
    case 0:
      return {
        ...c,
        kind: 'individual',
        name: '王芳',
        companyName: '华信科技有限公司',
        segment: 'enterprise',
        language: 'zh-CN',
        city: '北京',
        email: 'wang.fang@huaxin.example',
        lifecycleStage: 'repeat',
        stageDaysAgo: 200,
        vipTier: 3,
        valueQuadrant: 'I',
        personality: 'driver',
        phones: [
          { e164: VIP_PHONE, raw: '138 0013 8000', type: 'mobile', label: 'mobile', isPrimary: true },
          {
            e164: '+861088880000',
            raw: '010-8888 0000',
            type: 'fixed_line',
            label: 'office',
            isPrimary: false,
          },
        ],
      };
    case 1:
    case 2:
      return {
        ...c,
        kind: 'company',
        name: i === 1 ? '东方贸易有限公司' : '蓝海物流有限公司',
        companyName: i === 1 ? '东方贸易有限公司' : '蓝海物流有限公司',
        segment: i === 1 ? 'distributor' : 'smb',
        phones: [
          {
            e164: SHARED_SWITCHBOARD,
            raw: '021-8888 0000',
            type: 'fixed_line',
            label: 'switchboard',
            isPrimary: true,
          },
        ],
      };
    case 3:
      return {
        ...c,
        name: '赵磊',
        lifecycleStage: 'potential',
        stageDaysAgo: 45,
        vipTier: 0,
        valueQuadrant: null,
      };
    default:
      return c;
  }
}

function fail(message: string): never {
  throw new Error(message);
}
