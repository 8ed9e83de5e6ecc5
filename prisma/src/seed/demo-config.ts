// Static demo configuration: skills, queues, lines, trunk, staff, products, cross-sell
// rules. Call scripts are in call-scripts.ts, customers are generated in customers.ts.

export const SKILLS = [
  { name: 'sales', kind: 'skill', description: 'Sales and product advice' },
  { name: 'service', kind: 'skill', description: 'Orders, delivery and after-sales service' },
  { name: 'complaints', kind: 'skill', description: 'Complaint handling and service recovery' },
  { name: 'billing', kind: 'skill', description: 'Invoices and payments' },
  { name: 'zh', kind: 'language', description: 'Mandarin Chinese' },
  { name: 'en', kind: 'language', description: 'English' },
] as const;

export const QUEUES = [
  {
    name: 'sales',
    displayName: '销售 Sales',
    skills: [{ skill: 'sales', min: 1 }],
    wrapUpSeconds: 30,
    policy: { relaxation: [] },
  },
  {
    name: 'service',
    displayName: '客服 Service',
    skills: [{ skill: 'service', min: 2 }],
    wrapUpSeconds: 45,
    requireDisposition: true,
    policy: { relaxation: [{ after: 60, minProficiency: 1 }] },
  },
  {
    name: 'complaints',
    displayName: '投诉 Complaints',
    skills: [{ skill: 'complaints', min: 3 }],
    wrapUpSeconds: 60,
    requireDisposition: true,
    policy: {
      relaxation: [
        { afterSeconds: 45, minProficiency: 2 },
        { afterSeconds: 120, addSkills: ['service'] },
      ],
    },
  },
] as const;

export const DEMO_TRUNK = { name: 'demo', direction: 'both', allowedCidrs: '127.0.0.0/8' } as const;

export const LINES = [
  { dnis: '4008001000', name: '销售热线 Sales hotline', ivrFlow: 'sales-hotline', queue: 'sales' },
  { dnis: '4008002000', name: '服务热线 Service hotline', ivrFlow: 'service-hotline', queue: 'service' },
  { dnis: '4008003000', name: '销售直线 Sales direct (no IVR)', ivrFlow: null, queue: 'sales' },
] as const;

/** The IVR lines' hours: Mon–Sat 09:00–21:00 in the line's time zone (the direct line has none: open all week). */
export const BUSINESS_HOURS = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['09:00', '21:00']]]),
);
export const HOLIDAYS = ['2026-10-01', '2026-10-02', '2026-10-03', '2027-01-01', '2027-02-06', '2027-02-07'];

const AGENT_NAMES = [
  '李娜 Li Na',
  '王强 Wang Qiang',
  '张敏 Zhang Min',
  '刘洋 Liu Yang',
  '陈静 Chen Jing',
  '杨磊 Yang Lei',
  '赵丽 Zhao Li',
  '黄勇 Huang Yong',
  '周婷 Zhou Ting',
  '吴斌 Wu Bin',
  '徐慧 Xu Hui',
  '孙涛 Sun Tao',
  '马琳 Ma Lin',
  '朱军 Zhu Jun',
  '胡霞 Hu Xia',
  '郭鹏 Guo Peng',
  '何欣 He Xin',
  '高峰 Gao Feng',
  '林芳 Lin Fang',
  '罗杰 Luo Jie',
];

export interface DemoAgent {
  extension: string;
  displayName: string;
  team: 'sales' | 'service';
  skills: { skill: string; proficiency: number }[];
}

/** 1001–1010 sales, 1011–1020 service; proficiencies and languages vary so routing has choices. */
export const AGENTS: DemoAgent[] = AGENT_NAMES.map((displayName, i) => {
  const extension = String(1001 + i);
  const sales = i < 10;
  const skills = [
    { skill: sales ? 'sales' : 'service', proficiency: 1 + ((i * 3) % 5) },
    { skill: 'zh', proficiency: 5 },
  ];
  if (sales && i % 3 === 0) skills.push({ skill: 'service', proficiency: 2 });
  if (!sales && i >= 14 && i <= 17) skills.push({ skill: 'complaints', proficiency: 2 + (i % 4) });
  if (!sales && i % 4 === 1) skills.push({ skill: 'billing', proficiency: 3 });
  if (i % 2 === 0) skills.push({ skill: 'en', proficiency: 3 + (i % 3) });
  return { extension, displayName, team: sales ? 'sales' : 'service', skills };
});

export const STAFF = [
  { username: 'sup1', displayName: '主管 Supervisor One', role: 'supervisor' },
  { username: 'mkt1', displayName: '市场 Marketing One', role: 'marketing' },
  { username: 'admin', displayName: '管理员 Administrator', role: 'admin' },
] as const;

/**
 * The supervisor's own phone: an Agent row with no skills (the ACD never offers it a queue
 * call), so listen / whisper / barge can ring it — sip.js in the supervisor workspace or a desk
 * phone registering 1090 with `demo-1090`.
 */
export const SUPERVISOR_PHONES: Record<string, string> = { sup1: '1090' };

/** Demo passwords: `demo-<login>`. Refused when NODE_ENV=production. */
export const demoPassword = (login: string): string => `demo-${login}`;

export const PRODUCTS = [
  {
    sku: 'KF-ROUTER-100',
    name: '企业路由器 100',
    nameEn: 'Business Router 100',
    category: 'network',
    priceCents: 129900,
  },
  {
    sku: 'KF-ROUTER-300',
    name: '企业路由器 300',
    nameEn: 'Business Router 300',
    category: 'network',
    priceCents: 329900,
  },
  {
    sku: 'KF-CARE-PLUS',
    name: '无忧延保 3年',
    nameEn: 'Care Plus 3-year warranty',
    category: 'service',
    priceCents: 39900,
  },
  {
    sku: 'KF-MESH-KIT',
    name: '全屋 Mesh 套装',
    nameEn: 'Mesh Wi-Fi kit',
    category: 'network',
    priceCents: 89900,
  },
  {
    sku: 'KF-CAM-2K',
    name: '2K 智能摄像头',
    nameEn: '2K smart camera',
    category: 'security',
    priceCents: 29900,
  },
  { sku: 'KF-NAS-4', name: '4 盘位 NAS', nameEn: '4-bay NAS', category: 'storage', priceCents: 249900 },
  {
    sku: 'KF-CLOUD-1Y',
    name: '云备份 1 年',
    nameEn: 'Cloud backup 1 year',
    category: 'service',
    priceCents: 19900,
  },
  {
    sku: 'KF-SWITCH-24',
    name: '24 口交换机',
    nameEn: '24-port switch',
    category: 'network',
    priceCents: 159900,
  },
] as const;

export const CROSS_SELL_RULES = [
  {
    name: 'Router owners → Care Plus',
    description: 'Customers with a router and no warranty are offered Care Plus.',
    priority: 10,
    conditions: {
      ownsSku: 'KF-ROUTER-100',
      notOwnsSku: 'KF-CARE-PLUS',
      stages: ['first_purchase', 'repeat'],
    },
    offer: 'KF-CARE-PLUS',
    pitch: '您的路由器还没有延保，现在加购无忧延保 3 年享 8 折。',
    pitchEn: 'Your router has no extended warranty: Care Plus 3 years is 20% off today.',
    suppressOnOpenComplaint: true,
  },
  {
    name: 'Service recovery: VIP with open complaint → free cloud backup',
    description: 'Shown even with an open complaint: a goodwill gesture for VIPs.',
    priority: 20,
    conditions: { minVipTier: 2, hasOpenComplaint: true },
    offer: 'KF-CLOUD-1Y',
    pitch: '为表歉意，可为您免费开通一年云备份。',
    pitchEn: 'As an apology, offer one year of cloud backup free of charge.',
    suppressOnOpenComplaint: false,
  },
  {
    name: 'Quadrant I/II → NAS upsell',
    description: 'High-value customers are offered the 4-bay NAS.',
    priority: 5,
    conditions: { quadrants: ['I', 'II'], notOwnsSku: 'KF-NAS-4' },
    offer: 'KF-NAS-4',
    pitch: '高价值客户专享：4 盘位 NAS 企业价。',
    pitchEn: 'High-value customer offer: 4-bay NAS at business price.',
    suppressOnOpenComplaint: true,
  },
  {
    name: 'Distributors → 24-port switch bundle',
    description: 'Distributors restocking routers are offered the switch at the bundle price.',
    priority: 15,
    conditions: { segments: ['distributor'], ownsSku: 'KF-ROUTER-300', notOwnsSku: 'KF-SWITCH-24' },
    offer: 'KF-SWITCH-24',
    pitch: '经销商专享：企业路由器 300 搭配 24 口交换机组合价，每台再减 200 元。',
    pitchEn: 'Distributor bundle: Router 300 with the 24-port switch, ¥200 off each.',
    suppressOnOpenComplaint: true,
  },
  {
    name: 'Home users with a router → Mesh kit',
    description: 'Consumers who own a Router 100 and no Mesh kit: better coverage for larger homes.',
    priority: 8,
    conditions: { segments: ['consumer'], ownsSku: 'KF-ROUTER-100', notOwnsSku: 'KF-MESH-KIT' },
    offer: 'KF-MESH-KIT',
    pitch: '家里信号有死角吗？全屋 Mesh 套装老用户加购立减 100 元。',
    pitchEn: 'Any Wi-Fi dead spots at home? Existing customers get ¥100 off the Mesh kit.',
    suppressOnOpenComplaint: true,
  },
  {
    name: 'Camera owners → cloud backup',
    description: 'Camera owners without cloud backup keep their recordings safe off-site.',
    priority: 3,
    conditions: { ownsSku: 'KF-CAM-2K', notOwnsSku: 'KF-CLOUD-1Y', stages: ['first_purchase', 'repeat'] },
    offer: 'KF-CLOUD-1Y',
    pitch: '摄像头录像可以同步到云端，设备丢失也不怕，一年只要 199 元。',
    pitchEn: 'Keep camera recordings safe in the cloud, even if the device is lost: ¥199 a year.',
    suppressOnOpenComplaint: true,
  },
] as const;
