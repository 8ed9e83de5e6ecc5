import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario, type SippOptions, type SippRun } from '../support/sipp.js';
import { setAgentState } from './agent-phone.js';

/**
 * Calls agents dial to outside numbers, out of the carrier trunk (cti-server/src/call/outbound-trunk.ts):
 * over TCP, and through carriers that challenge the INVITE (401 checked by SIPp's verifyauth, 407
 * checked here from SIPp's message log). SIPp plays both the carrier and the agent's phone.
 */
describe('outbound trunk: transport and digest challenges', () => {
  let stack: CtiStack;
  const logs = mkdtempSync(path.join(tmpdir(), 'kefu-outbound-'));

  beforeAll(async () => {
    // An RTP range of its own: suites running at the same time bind the default range's ports.
    const rtpMin = 10_000 + 2 * Math.floor(Math.random() * 4_000);
    stack = await startCtiStack('sqlite', {
      RTP_PORT_MIN: String(rtpMin),
      RTP_PORT_MAX: String(rtpMin + 998),
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** The carrier listens first; then the outbound trunk is pointed at it and reloaded. */
  async function carrierAt(
    file: string,
    trunk: { transport?: string; username?: string | null; password?: string | null },
    opts: Partial<SippOptions> = {},
  ): Promise<{ carrier: SippRun; messages: string }> {
    const messages = path.join(logs, `${file}-${Date.now()}.log`);
    const carrier = await runSipp({
      scenarioFile: scenario(file),
      target: '127.0.0.1:5060',
      timeoutSeconds: 40,
      ...opts,
      extra: [...(opts.extra ?? []), '-trace_msg', '-message_file', messages],
    });
    await stack.tdb.db.trunk.update({
      where: { name: 'demo' },
      data: {
        direction: 'both',
        host: '127.0.0.1',
        port: carrier.port,
        callerId: '4008001000',
        transport: trunk.transport ?? 'udp',
        username: trunk.username ?? null,
        password: trunk.password ?? null,
      },
    });
    await stack.app.sip.reloadTrunks();
    return { carrier, messages };
  }

  /** The agent logs in (a logged-out agent dials no outside number), then its phone dials. */
  const dial = async (ext: string, target: string, file = 'agent-dial.xml') => {
    await setAgentState(stack, ext, 'ready');
    return runSipp({
      scenarioFile: scenario(file),
      target: `127.0.0.1:${stack.sipPort}`,
      vars: { ext, target },
      extra: ['-au', ext, '-ap', `demo-${ext}`],
    });
  };

  const endedCall = (ani: string) =>
    eventually(() =>
      stack.tdb.db.interaction.findFirst({
        where: { direction: 'outbound', ani, endedAt: { not: null } },
        include: { events: true },
      }),
    );

  it('over TCP: Request-URI with ;transport=tcp, caller ID in From and P-Asserted-Identity', async () => {
    const { carrier, messages } = await carrierAt(
      'carrier-uas.xml',
      { transport: 'tcp' },
      { transport: 't1' },
    );
    const phone = await dial('1004', '13912345678');
    const [p, c] = await Promise.all([phone.done, carrier.done]);
    expect(p.code, p.output).toBe(0);
    expect(c.code, c.output).toBe(0);
    const [invite] = received(messages, 'INVITE');
    expect(invite?.transport).toBe('TCP');
    expect(invite?.startLine).toMatch(/^INVITE sip:13912345678@127\.0\.0\.1:\d+;transport=tcp SIP\/2\.0$/);
    expect(invite?.header('From')).toMatch(/^<sip:4008001000@[^>]+>;tag=/);
    expect(invite?.header('P-Asserted-Identity')).toMatch(/^<sip:4008001000@[^>]+>$/);
    expect(invite?.header('Via')).toMatch(/^SIP\/2\.0\/TCP /);
    expect(invite?.header('Contact')).toMatch(/;transport=tcp>$/);
    // ACK and BYE came over the same TCP connection.
    expect(received(messages, 'BYE')[0]?.transport).toBe('TCP');
    const row = await endedCall('1004');
    expect(row).toMatchObject({ dnis: '+8613912345678', endedBy: 'agent' });
    expect(row.events.find((e) => e.type === 'received')?.data).toMatchObject({ trunk: 'demo' });
    expect(row.answeredAt).not.toBeNull();
  }, 60_000);

  it('a carrier answering 401: the retry carries credentials SIPp verifies, and the call connects', async () => {
    const { carrier, messages } = await carrierAt(
      'carrier-uas-401.xml',
      { username: 'kefu-trunk', password: 'trunk-secret' },
      { vars: { user: 'kefu-trunk', pass: 'trunk-secret' } },
    );
    const phone = await dial('1005', '13912345001');
    const [p, c] = await Promise.all([phone.done, carrier.done]);
    expect(p.code, p.output).toBe(0);
    expect(c.code, c.output).toBe(0);
    const invites = received(messages, 'INVITE');
    expect(invites).toHaveLength(2);
    expect(invites[1]?.header('Authorization')).toMatch(/username="kefu-trunk"/);
    const row = await endedCall('1005');
    expect(row.answeredAt).not.toBeNull();
    expect(row).toMatchObject({ endedBy: 'agent' });
  }, 60_000);

  it('a carrier answering 407: same Call-ID, From and To, CSeq + 1, a correct Proxy-Authorization', async () => {
    const { carrier, messages } = await carrierAt('carrier-uas-407.xml', {
      username: 'kefu-trunk',
      password: 'trunk-secret',
    });
    const phone = await dial('1006', '13912345002');
    const [p, c] = await Promise.all([phone.done, carrier.done]);
    expect(p.code, p.output).toBe(0);
    expect(c.code, c.output).toBe(0);
    const [first, retry] = received(messages, 'INVITE');
    expect(first && retry).toBeTruthy();
    if (!first || !retry) return;
    // RFC 3261 §8.1.3.5: same Call-ID, To and From (tag included), CSeq incremented.
    expect(retry.header('Call-ID')).toBe(first.header('Call-ID'));
    expect(retry.header('From')).toBe(first.header('From'));
    expect(retry.header('To')).toBe(first.header('To'));
    expect(first.header('CSeq')).toBe('1 INVITE');
    expect(retry.header('CSeq')).toBe('2 INVITE');
    expect(retry.header('Via')).not.toBe(first.header('Via'));
    // The digest, computed here independently of kefu's code (RFC 7616 §3.4.1, qop=auth, MD5).
    const challenge = sent(messages, '407')[0]?.header('Proxy-Authenticate') ?? '';
    const auth = digestParams(retry.header('Proxy-Authorization') ?? '');
    const nonce = digestParams(challenge).nonce;
    expect(auth).toMatchObject({ username: 'kefu-trunk', realm: 'carrier.example', nonce, qop: 'auth' });
    expect(auth.uri).toBe(retry.startLine.split(' ')[1]);
    const md5 = (s: string) => createHash('md5').update(s).digest('hex');
    const ha1 = md5(`kefu-trunk:carrier.example:trunk-secret`);
    const ha2 = md5(`INVITE:${auth.uri}`);
    expect(auth.response).toBe(md5(`${ha1}:${nonce}:${auth.nc}:${auth.cnonce}:auth:${ha2}`));
    const row = await endedCall('1006');
    expect(row.answeredAt).not.toBeNull();
  }, 60_000);

  it('wrong trunk credentials: a second challenge fails the call cleanly with 403 to the phone', async () => {
    const { carrier, messages } = await carrierAt(
      'carrier-uas-401.xml',
      { username: 'kefu-trunk', password: 'not-the-secret' },
      { vars: { user: 'kefu-trunk', pass: 'trunk-secret' } },
    );
    const phone = await dial('1007', '13912345003', 'agent-dial-403.xml');
    const [p, c] = await Promise.all([phone.done, carrier.done]);
    expect(p.code, p.output).toBe(0);
    // The carrier saw exactly two INVITEs (no third attempt) and ACKs for both challenges.
    expect(c.code, c.output).toBe(0);
    expect(received(messages, 'INVITE')).toHaveLength(2);
    const row = await endedCall('1007');
    expect(row).toMatchObject({ sipCause: 403, endedBy: 'system', answeredAt: null });
    const failed = row.events.find((e) => e.type === 'outbound_failed');
    expect(failed?.data).toMatchObject({ trunk: 'demo', status: 403, carrierStatus: 401 });
    expect(String((failed?.data as { reason?: string }).reason)).toMatch(/credentials refused/);
    // Nothing is left broken: the same agent, once the trunk has the right password, gets through.
    const again = await carrierAt(
      'carrier-uas-401.xml',
      { username: 'kefu-trunk', password: 'trunk-secret' },
      { vars: { user: 'kefu-trunk', pass: 'trunk-secret' } },
    );
    const retry = await dial('1007', '13912345003');
    const [p2, c2] = await Promise.all([retry.done, again.carrier.done]);
    expect(p2.code, p2.output).toBe(0);
    expect(c2.code, c2.output).toBe(0);
  }, 90_000);
});

interface LoggedMessage {
  direction: 'sent' | 'received';
  transport: string;
  startLine: string;
  header(name: string): string | undefined;
}

/** Messages from SIPp's -trace_msg log (each after a dashed time line and "TCP message received [n] bytes :" or "UDP message sent (n bytes):"). */
function messagesOf(file: string): LoggedMessage[] {
  const text = readFileSync(file, 'utf8');
  const out: LoggedMessage[] = [];
  const marker = /^(UDP|TCP|TLS) message (sent|received) .*:\s*$/gm;
  const marks = [...text.matchAll(marker)];
  marks.forEach((m, i) => {
    const start = (m.index ?? 0) + m[0].length;
    const end = marks[i + 1]?.index ?? text.length;
    const lines = text.slice(start, end).replace(/^\s+/, '').split(/\r?\n/);
    const headers = new Map<string, string>();
    for (const line of lines.slice(1)) {
      if (!line.trim()) break;
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      if (colon > 0 && !headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
    }
    out.push({
      direction: m[2] as 'sent' | 'received',
      transport: m[1] ?? '',
      startLine: lines[0] ?? '',
      header: (name) => headers.get(name.toLowerCase()),
    });
  });
  return out;
}

const received = (file: string, method: string) =>
  messagesOf(file).filter((m) => m.direction === 'received' && m.startLine.startsWith(`${method} `));
const sent = (file: string, status: string) =>
  messagesOf(file).filter((m) => m.direction === 'sent' && m.startLine.startsWith(`SIP/2.0 ${status} `));

function digestParams(value: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const m of value.replace(/^Digest\s+/i, '').matchAll(/([a-z-]+)=("([^"]*)"|[^,\s]+)/gi))
    params[(m[1] ?? '').toLowerCase()] = m[3] ?? m[2] ?? '';
  return params;
}
