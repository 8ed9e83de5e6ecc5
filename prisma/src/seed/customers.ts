// Deterministic customer generator: Chinese and English names, mobile and landline numbers,
// segments, lifecycle stages, ratings and (for the first `withHistoryUpTo`) a full history.
import { SeededRandom } from './random.js';

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '高',
  '林',
  '罗',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
  '平',
  '刚',
  '桂英',
  '华',
  '建国',
  '晓东',
  '雪',
  '婷',
];
const EN_FIRST = [
  'James',
  'Mary',
  'John',
  'Patricia',
  'Robert',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Emma',
  'Oliver',
  'Sophie',
  'Daniel',
  'Grace',
];
const EN_LAST = [
  'Smith',
  'Johnson',
  'Brown',
  'Taylor',
  'Wilson',
  'Davies',
  'Evans',
  'Thomas',
  'Roberts',
  'Walker',
  'Wright',
  'Green',
];
const COMPANIES = [
  '华信科技',
  '东方贸易',
  '蓝海物流',
  '恒通电子',
  '锦程商贸',
  '新元网络',
  '瑞丰建材',
  '智联医疗',
  'Pacific Rim Traders',
  'Northwind Supplies',
  'Golden Gate Imports',
];
const CITIES = [
  { city: '北京', area: '10' },
  { city: '上海', area: '21' },
  { city: '广州', area: '20' },
  { city: '深圳', area: '755' },
  { city: '杭州', area: '571' },
  { city: '成都', area: '28' },
];
const MOBILE_PREFIXES = [
  '130',
  '131',
  '135',
  '136',
  '137',
  '139',
  '150',
  '151',
  '158',
  '186',
  '187',
  '188',
  '189',
  '177',
];
const STAGES = ['potential', 'intent', 'first_purchase', 'repeat', 'repeat', 'lost'] as const;
const QUADRANTS = ['I', 'II', 'III', 'IV'] as const;
const PERSONALITIES = ['expressive', 'driver', 'amiable', 'analytical'] as const;
const SEGMENTS = ['consumer', 'consumer', 'consumer', 'smb', 'enterprise', 'distributor'] as const;

export interface GeneratedPhone {
  e164: string;
  raw: string;
  type: string;
  label: string;
  isPrimary: boolean;
}

export interface GeneratedCustomer {
  id: string;
  accountNumber: string;
  kind: 'individual' | 'company';
  name: string;
  companyName: string | null;
  segment: string;
  language: string;
  city: string;
  email: string | null;
  lifecycleStage: (typeof STAGES)[number];
  stageDaysAgo: number;
  vipTier: number;
  valueQuadrant: (typeof QUADRANTS)[number] | null;
  personality: (typeof PERSONALITIES)[number] | null;
  phones: GeneratedPhone[];
  contactName: string | null;
}

export const customerId = (index: number): string => `cus_${String(index).padStart(7, '0')}`;
export const accountNumber = (index: number): string => String(80000000 + index);

/** The switchboard number two demo companies share (a lookup must return both). */
export const SHARED_SWITCHBOARD = '+862188880000';

export function generateCustomer(index: number, rnd: SeededRandom): GeneratedCustomer {
  const company = rnd.chance(0.15);
  const english = rnd.chance(0.12);
  const person = english
    ? `${rnd.pick(EN_FIRST)} ${rnd.pick(EN_LAST)}`
    : `${rnd.pick(SURNAMES)}${rnd.pick(GIVEN)}`;
  const place = rnd.pick(CITIES);
  const companyName = company ? `${rnd.pick(COMPANIES)}${english ? '' : '有限公司'}` : null;
  const stage = rnd.pick(STAGES);
  const vipTier = rnd.chance(0.08) ? rnd.int(1, 3) : 0;
  const mobile = `${rnd.pick(MOBILE_PREFIXES)}${rnd.digits(8)}`;
  const phones: GeneratedPhone[] = [
    { e164: `+86${mobile}`, raw: mobile, type: 'mobile', label: 'mobile', isPrimary: true },
  ];
  if (company || rnd.chance(0.2)) {
    const local = `${rnd.int(2, 8)}${rnd.digits(place.area.length === 2 ? 7 : 6)}`;
    phones.push({
      e164: `+86${place.area}${local}`,
      raw: `0${place.area}-${local}`,
      type: 'fixed_line',
      label: company ? 'office' : 'home',
      isPrimary: false,
    });
  }
  return {
    id: customerId(index),
    accountNumber: accountNumber(index),
    kind: company ? 'company' : 'individual',
    name: company ? (companyName ?? person) : person,
    companyName,
    segment: company ? rnd.pick(['smb', 'enterprise', 'distributor'] as const) : rnd.pick(SEGMENTS),
    language: english ? 'en' : 'zh-CN',
    city: place.city,
    email: rnd.chance(0.6) ? `user${index}@example.com` : null,
    lifecycleStage: stage,
    stageDaysAgo: rnd.int(1, 400),
    vipTier,
    valueQuadrant: stage === 'potential' ? null : rnd.pick(QUADRANTS),
    personality: rnd.chance(0.7) ? rnd.pick(PERSONALITIES) : null,
    phones,
    contactName: company ? person : null,
  };
}
