import type { Language } from './language.js';

type Count = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
const COUNTS: readonly Count[] = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const ZH_NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

/** What a queued caller hears: their place in line (1–9) and the expected wait in minutes (1–9). */
const queueAnnouncements = Object.fromEntries(
  COUNTS.flatMap((n) => [
    [
      `queue_position_${n}`,
      { 'zh-CN': `您是第${ZH_NUMERALS[n]}位等候的来电。`, en: `You are caller number ${n} in the queue.` },
    ],
    [
      `queue_wait_${n}`,
      {
        'zh-CN': `预计等候时间约${ZH_NUMERALS[n]}分钟。`,
        en: `Your expected wait is about ${n} minute${n > 1 ? 's' : ''}.`,
      },
    ],
  ]),
) as Record<`queue_position_${Count}` | `queue_wait_${Count}`, Record<Language, string>>;

/**
 * The prompt catalogue: every id a flow may play, with its text per language. The media plane
 * synthesises these texts to 8 kHz audio (espeak-ng), so keep them short and speakable.
 */
export const prompts = {
  welcome_sales: {
    'zh-CN': '您好，欢迎致电客服销售热线。',
    en: 'Hello, and thank you for calling the sales hotline.',
  },
  welcome_service: {
    'zh-CN': '您好，欢迎致电客户服务热线。',
    en: 'Hello, and thank you for calling customer service.',
  },
  menu_sales: {
    'zh-CN': '购买产品请按1，订单查询及售后服务请按2，人工服务请按0。',
    en: 'To buy a product, press 1. For orders and after-sales service, press 2. For an operator, press 0.',
  },
  invalid_choice: {
    'zh-CN': '对不起，您的输入有误，请重新输入。',
    en: 'Sorry, that is not a valid choice. Please try again.',
  },
  no_input: {
    'zh-CN': '对不起，我们没有收到您的输入。',
    en: 'Sorry, we did not receive your input.',
  },
  closed: {
    'zh-CN': '您好，现在是非工作时间。我们的工作时间是周一至周六上午九点到晚上九点。',
    en: 'We are currently closed. Our opening hours are Monday to Saturday, 9 a.m. to 9 p.m.',
  },
  holiday_closed: {
    'zh-CN': '您好，节假日期间暂停服务，敬请谅解。',
    en: 'We are closed for the public holiday. We apologise for the inconvenience.',
  },
  vip_greeting: {
    'zh-CN': '尊敬的贵宾客户，我们将优先为您服务。',
    en: 'As a valued VIP customer, you will be served with priority.',
  },
  queue_transfer: {
    'zh-CN': '正在为您转接客服代表，请稍候。',
    en: 'Please hold while we connect you to an agent.',
  },
  enter_account: {
    'zh-CN': '请输入您的账号，以井号键结束。',
    en: 'Please enter your account number, followed by the hash key.',
  },
  enter_order: {
    'zh-CN': '请输入您的订单号，以井号键结束。',
    en: 'Please enter your order number, followed by the hash key.',
  },
  invalid_account: {
    'zh-CN': '对不起，账号格式不正确。',
    en: 'Sorry, that account number is not valid.',
  },
  account_not_found: {
    'zh-CN': '对不起，没有找到您的账号，我们将为您转接人工服务。',
    en: 'Sorry, we could not find that account. We will connect you to an agent.',
  },
  goodbye: {
    'zh-CN': '感谢您的来电，再见。',
    en: 'Thank you for calling. Goodbye.',
  },
  voicemail_beep: {
    'zh-CN': '请在提示音后留言，留言完毕请挂机。',
    en: 'Please leave a message after the tone, then hang up.',
  },
  callback_offer: {
    'zh-CN': '留言请按1，预约回电请按2。',
    en: 'To leave a message, press 1. To request a call back, press 2.',
  },
  callback_only_offer: {
    'zh-CN': '预约回电请按1。',
    en: 'To request a call back, press 1.',
  },
  callback_confirmed: {
    'zh-CN': '已为您预约回电，我们将在工作时间内尽快与您联系。',
    en: 'Your call-back request is registered. We will call you during opening hours.',
  },
  ...queueAnnouncements,
  queue_position_more: {
    'zh-CN': '您前面还有九位以上的来电，请耐心等候。',
    en: 'There are more than nine callers ahead of you. Please hold.',
  },
  queue_wait_more: {
    'zh-CN': '预计等候时间超过十分钟。',
    en: 'Your expected wait is more than ten minutes.',
  },
} as const satisfies Record<string, Record<Language, string>>;

export type PromptId = keyof typeof prompts;

/** A catalogue the validator checks prompt ids against (the media plane may extend it). */
export type PromptCatalogue = Readonly<Record<string, Readonly<Record<Language, string>>>>;

export function isPromptId(id: string): id is PromptId {
  return Object.hasOwn(prompts, id);
}

export function promptText(id: string, language: Language, catalogue: PromptCatalogue = prompts): string {
  const entry = catalogue[id];
  if (!entry) throw new RangeError(`unknown prompt id "${id}"`);
  return entry[language];
}
