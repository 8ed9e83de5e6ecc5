import { describe, expect, it } from 'vitest';
import { format, messages } from './messages.js';

describe('console messages', () => {
  it('has every string in both languages, none empty', () => {
    expect(Object.keys(messages['zh-CN']).sort()).toEqual(Object.keys(messages.en).sort());
    for (const locale of ['zh-CN', 'en'] as const)
      for (const [key, text] of Object.entries(messages[locale]))
        expect(text.trim(), `${locale} ${key}`).not.toBe('');
  });

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

  it('uses the same placeholders in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(messages.en))
      expect(names(messages['zh-CN'][key as keyof typeof messages.en]), key).toEqual(names(text));
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('Wrap-up ends in {seconds} s', { seconds: 12 })).toBe('Wrap-up ends in 12 s');
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});
