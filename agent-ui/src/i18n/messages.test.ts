import { describe, expect, it } from 'vitest';
import { adminMessages } from '../admin/admin-messages.js';
import { configMessages } from '../admin/config/config-messages.js';
import { queuesMessages } from '../admin/queues/queues-messages.js';
import { skillsMessages } from '../admin/skills/skills-messages.js';
import { outboundMessages } from '../admin/outbound/outbound-messages.js';
import { linesMessages } from '../admin/lines/lines-messages.js';
import { shellMessages } from '../shell/shell-messages.js';
import { format, pluralForm, textsOf, translate, type Catalog, type Message } from './catalog.js';
import { consoleText, messages } from './messages.js';

/** Every namespace of the web app: a new one is added here, so its strings are checked too. */
const NAMESPACES: Record<string, Catalog<string>> = {
  console: messages,
  shell: shellMessages,
  admin: adminMessages,
  adminConfig: configMessages,
  adminQueues: queuesMessages,
  adminSkills: skillsMessages,
  adminOutbound: outboundMessages,
  adminLines: linesMessages,
};

const placeholders = (m: Message) =>
  [...new Set(textsOf(m).flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1])))].sort();

describe.each(Object.entries(NAMESPACES))('%s messages', (_, catalog) => {
  it('has every string in both languages, none empty', () => {
    expect(Object.keys(catalog['zh-CN']).sort()).toEqual(Object.keys(catalog.en).sort());
    for (const locale of ['zh-CN', 'en'] as const)
      for (const [key, message] of Object.entries(catalog[locale]))
        for (const text of textsOf(message)) expect(text.trim(), `${locale} ${key}`).not.toBe('');
  });

  it('uses the same placeholders in both languages', () => {
    for (const [key, message] of Object.entries(catalog.en))
      expect(placeholders(catalog['zh-CN'][key]!), key).toEqual(placeholders(message));
  });

  it('gives every plural message its English forms and a {count}', () => {
    for (const [key, message] of Object.entries(catalog.en)) {
      if (typeof message === 'string') continue;
      expect(message.one, key).toBeDefined();
      expect(placeholders(message), key).toContain('count');
    }
  });
});

describe('console messages', () => {
  it('keeps the English accessible names of the call controls exact', () => {
    const { en } = messages;
    expect([en.answer, en.reject, en.hangUp, en.hold, en.resume, en.mute, en.unmute]).toEqual([
      'Answer',
      'Reject',
      'Hang up',
      'Hold',
      'Resume',
      'Mute',
      'Unmute',
    ]);
    expect([en.transfer, en.ready, en.notReady, en.logOut, en.dial, en.keypad, en.caller]).toEqual([
      'Transfer',
      'Ready',
      'Not ready',
      'Log out',
      'Dial',
      'Keypad',
      'Caller',
    ]);
    expect([en.consult, en.completeTransfer, en.cancelConsult, en.conference]).toEqual([
      'Consult',
      'Complete transfer',
      'Cancel consult',
      'Conference',
    ]);
    expect([en.micLevel, en.callNumber, en.ringer, en.ivrPath, en.escalateTicket]).toEqual([
      'Microphone level',
      'Call {number}',
      'Ringer',
      'IVR path',
      'Escalate {number}',
    ]);
  });

  it('counts call-back attempts in each language', () => {
    expect(consoleText('en', 'callbackAttempts', { count: 1 })).toBe('1 attempt');
    expect(consoleText('en', 'callbackAttempts', { count: 3 })).toBe('3 attempts');
    expect(consoleText('zh-CN', 'callbackAttempts', { count: 1 })).toBe('已拨 1 次');
  });
});

describe('admin messages', () => {
  it('keeps the English accessible names of the admin screens exact', () => {
    const { en } = adminMessages;
    expect([en.navAgents, en.navTrunks, en.navAudit]).toEqual(['Agents', 'Trunks', 'Audit log']);
    expect([en.newAgent, en.save, en.disable]).toEqual(['New agent', 'Save', 'Disable']);
    expect([
      en.extension,
      en.displayName,
      en.password,
      en.sipPassword,
      en.team,
      en.skill,
      en.proficiency,
    ]).toEqual(['Extension', 'Display name', 'Password', 'SIP password', 'Team', 'Skill', 'Proficiency']);
  });
});

describe('plurals and placeholders', () => {
  const files = { one: '{count} file', other: '{count} files' };
  it('picks the plural form of the locale from {count}', () => {
    expect(translate('en', files, { count: 0 })).toBe('0 files');
    expect(translate('en', files, { count: 1 })).toBe('1 file');
    expect(translate('en', files, { count: 2 })).toBe('2 files');
    expect(translate('zh-CN', { other: '{count} 个文件' }, { count: 1 })).toBe('1 个文件');
    // Chinese has only "other": a catalog giving it "one" too never uses it.
    expect(pluralForm('zh-CN', { one: 'one', other: 'other' }, { count: 1 })).toBe('other');
    expect(pluralForm('en', files)).toBe('{count} files');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('Wrap-up ends in {seconds} s', { seconds: 12 })).toBe('Wrap-up ends in 12 s');
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});
