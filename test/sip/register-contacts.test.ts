import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario } from '../support/sipp.js';

/**
 * Issue 13: one extension accepted 300 contacts, and one queued call then sent 1,800 INVITEs to
 * them. REGISTRAR_MAX_CONTACTS caps the set (3 here, 10 by default).
 */
describe('contacts per extension over real SIP', () => {
  let stack: CtiStack;

  beforeAll(async () => {
    stack = await startCtiStack('sqlite', { REGISTRAR_MAX_CONTACTS: '3' });
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** Registers 1005 with its Contact on `contactPort` (bench-register.xml) and ends. */
  const register = async (contactPort: number) => {
    const messageFile = path.join(mkdtempSync(path.join(tmpdir(), 'kefu-contacts-')), 'messages.log');
    const run = await runSipp({
      scenarioFile: scenario('bench-register.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      vars: { ext: '1005', uas_port: String(contactPort) },
      extra: ['-au', '1005', '-ap', 'demo-1005', '-trace_msg', '-message_file', messageFile],
      timeoutSeconds: 4,
    });
    const { code, output } = await run.done;
    return { code, output, messages: readFileSync(messageFile, 'utf8') };
  };
  const contacts = () =>
    stack.app.sip.locations
      .lookup('1005')
      .map((b) => b.uri)
      .sort();

  it('refuses a fourth contact with 403 and keeps the three; a contact already bound re-registers', async () => {
    for (const port of [40001, 40002, 40003]) {
      const { code, output } = await register(port);
      expect(code, output).toBe(0);
    }
    const fourth = await register(40004);
    expect(fourth.code).not.toBe(0);
    expect(fourth.messages).toMatch(/^SIP\/2\.0 403 Too Many Registered Contacts\r?$/m);
    expect(contacts()).toEqual([
      'sip:1005@127.0.0.1:40001;transport=UDP',
      'sip:1005@127.0.0.1:40002;transport=UDP',
      'sip:1005@127.0.0.1:40003;transport=UDP',
    ]);
    // Re-registering a bound contact (a phone rebooted: new Call-ID) replaces it, the set does not grow.
    const again = await register(40002);
    expect(again.code, again.output).toBe(0);
    expect(contacts()).toHaveLength(3);
  });
});
