import { describe, expect, it } from 'vitest';
import { adminMessages } from '../admin/admin-messages.js';
import { agentActionsMessages } from '../supervisor/agent-actions-messages.js';
import { monitorMessages } from '../supervisor/monitor-messages.js';
import { wallboardMessages } from '../supervisor/wallboard-messages.js';
import { format, pluralForm, textsOf, translate, type Catalog, type Message } from './catalog.js';
import { consoleText, messages } from './messages.js';

/**
 * Every namespace of the web app: the console's, and every catalog exported by a
 * `*-messages.ts` file anywhere in the app (found by the bundler's glob), so a new workspace's
 * strings are checked without being listed here.
 */
const isCatalog = (value: unknown): value is Catalog<string> =>
  typeof value === 'object' && value !== null && 'en' in value && 'zh-CN' in value;
const NAMESPACES: Record<string, Catalog<string>> = { console: messages };
for (const [file, exports] of Object.entries(
  import.meta.glob<Record<string, unknown>>('../**/*-messages.ts', { eager: true }),
))
  for (const [name, value] of Object.entries(exports))
    if (isCatalog(value)) NAMESPACES[`${file.replace(/^\.\.\//, '')} ${name}`] = value;

it('finds the catalogs of every workspace', () => {
  const files = Object.keys(NAMESPACES).join(' ');
  for (const dir of ['shell/', 'admin/', 'supervisor/']) expect(files).toContain(dir);
  expect(Object.keys(NAMESPACES).length).toBeGreaterThan(15);
});

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

describe('supervisor messages', () => {
  it('keeps the English accessible names of the supervision screens exact', () => {
    expect([wallboardMessages.en.heading, wallboardMessages.en.tvMode]).toEqual(['Wallboard', 'TV mode']);
    const monitor = monitorMessages.en;
    expect([monitor.listen, monitor.whisper, monitor.barge, monitor.stop]).toEqual([
      'Listen',
      'Whisper',
      'Barge',
      'Stop monitoring',
    ]);
    expect([agentActionsMessages.en.forceNotReady, agentActionsMessages.en.logOut]).toEqual([
      'Force not ready',
      'Log out agent',
    ]);
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
