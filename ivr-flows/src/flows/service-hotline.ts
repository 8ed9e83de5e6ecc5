import type { FlowDefinition } from '../flow-definition.js';
import { demoCalendar } from './demo-calendar.js';

/**
 * 4008002000: identify the caller (ANI, else the account number typed in), VIPs (tier ≥ 2)
 * hear a greeting and jump ahead, an open complaint adds the complaints skill and priority;
 * out of hours the caller may ask for a call back.
 */
export const serviceHotline: FlowDefinition = {
  id: 'service-hotline',
  name: '客服热线 Service hotline',
  defaultLanguage: 'zh-CN',
  calendar: demoCalendar,
  start: 'identify_by_ani',
  steps: {
    identify_by_ani: { type: 'lookup', by: 'ani', found: 'caller_language', notFound: 'caller_language' },
    caller_language: { type: 'setLanguage', language: 'customer', next: 'hours' },
    hours: { type: 'hours', open: 'welcome', closed: 'closed' },
    welcome: { type: 'play', prompt: 'welcome_service', next: 'known' },
    known: {
      type: 'branch',
      cases: [{ when: { kind: 'customerKnown' }, next: 'vip_check' }],
      otherwise: 'ask_account',
    },
    ask_account: {
      type: 'collect',
      prompt: 'enter_account',
      into: 'accountNumber',
      minDigits: 6,
      maxDigits: 12,
      terminator: '#',
      invalidPrompt: 'invalid_account',
      maxRetries: 2,
      next: 'identify_by_account',
      onFail: 'queue_service',
    },
    identify_by_account: {
      type: 'lookup',
      by: 'account',
      from: 'accountNumber',
      found: 'account_language',
      notFound: 'account_not_found',
    },
    account_language: { type: 'setLanguage', language: 'customer', next: 'vip_check' },
    account_not_found: { type: 'play', prompt: 'account_not_found', next: 'queue_service' },
    vip_check: {
      type: 'branch',
      cases: [{ when: { kind: 'vipTier', min: 2 }, next: 'vip_greeting' }],
      otherwise: 'complaint_check',
    },
    vip_greeting: { type: 'play', prompt: 'vip_greeting', bargeIn: true, next: 'vip_priority' },
    vip_priority: { type: 'setData', raisePriority: 5, next: 'complaint_check' },
    complaint_check: {
      type: 'branch',
      cases: [{ when: { kind: 'openComplaint' }, next: 'complaint_routing' }],
      otherwise: 'queue_service',
    },
    complaint_routing: {
      type: 'setData',
      addSkills: ['complaints'],
      raisePriority: 3,
      next: 'queue_service',
    },
    queue_service: { type: 'queue', queue: 'service', skills: ['service'] },
    closed: { type: 'play', prompt: 'closed', bargeIn: true, next: 'callback_menu' },
    callback_menu: {
      type: 'menu',
      prompt: 'callback_only_offer',
      choices: { '1': 'callback_confirmed' },
      maxRetries: 1,
      onFail: 'goodbye',
    },
    callback_confirmed: { type: 'play', prompt: 'callback_confirmed', next: 'callback' },
    callback: { type: 'callback', queue: 'service' },
    goodbye: { type: 'play', prompt: 'goodbye', next: 'hang_up' },
    hang_up: { type: 'hangup', reason: 'no choice out of hours' },
  },
};
