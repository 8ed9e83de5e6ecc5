import type { FlowDefinition } from '../flow-definition.js';
import { demoCalendar } from './demo-calendar.js';

/**
 * 4008001000: greet in the caller's language (known callers by ANI), then
 * 1 = buy → sales, 2 = orders/after-sales → service, 0 = operator; out of hours the caller can
 * leave a message or ask for a call back.
 */
export const salesHotline: FlowDefinition = {
  id: 'sales-hotline',
  name: '销售热线 Sales hotline',
  defaultLanguage: 'zh-CN',
  calendar: demoCalendar,
  start: 'identify',
  steps: {
    identify: { type: 'lookup', by: 'ani', found: 'caller_language', notFound: 'caller_language' },
    caller_language: { type: 'setLanguage', language: 'customer', next: 'hours' },
    hours: { type: 'hours', open: 'welcome', closed: 'closed' },
    welcome: { type: 'play', prompt: 'welcome_sales', bargeIn: true, next: 'main_menu' },
    main_menu: {
      type: 'menu',
      prompt: 'menu_sales',
      choices: { '1': 'queue_sales', '2': 'queue_service', '0': 'queue_operator' },
      maxRetries: 2,
      timeoutMs: 5000,
      onFail: 'queue_operator',
    },
    queue_sales: { type: 'queue', queue: 'sales', skills: ['sales'] },
    queue_service: { type: 'queue', queue: 'service', skills: ['service'] },
    queue_operator: { type: 'queue', queue: 'sales', label: 'Operator (general sales queue)' },
    closed: { type: 'play', prompt: 'closed', bargeIn: true, next: 'closed_menu' },
    closed_menu: {
      type: 'menu',
      prompt: 'callback_offer',
      choices: { '1': 'voicemail_tone', '2': 'callback' },
      maxRetries: 1,
      onFail: 'goodbye',
    },
    voicemail_tone: { type: 'play', prompt: 'voicemail_beep', next: 'voicemail' },
    voicemail: { type: 'voicemail', mailbox: 'sales' },
    callback: { type: 'callback', queue: 'sales' },
    goodbye: { type: 'play', prompt: 'goodbye', next: 'hang_up' },
    hang_up: { type: 'hangup', reason: 'no choice out of hours' },
  },
};
