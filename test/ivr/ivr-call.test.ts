import { rms } from '../support/audio.js';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelOf, readWav } from '@kefu/cti-server/rtp/wav';
import { eventually, startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario } from '../support/sipp.js';
import { expectPhoneDone, startAgentPhone } from '../sip/agent-phone.js';

const ALL_DAY = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
);

/**
 * The sales hotline's IVR on live calls: SIPp as the carrier (keys as RFC 4733 from SIPp's own
 * pcaps), a SIPp phone as the service agent, prompts synthesised by espeak-ng and played by the
 * embedded media plane. The line is open around the clock here so the test does not depend on
 * the hour it runs at.
 */
describe('IVR on a live call (line 4008001000, sales-hotline flow)', () => {
  let stack: CtiStack;

  beforeAll(async () => {
    stack = await startCtiStack('sqlite', {}, async (db) => {
      await db.line.update({ where: { dnis: '4008001000' }, data: { businessHours: ALL_DAY, holidays: [] } });
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const interaction = (ani: string) =>
    eventually(() =>
      stack.tdb.db.interaction.findFirst({
        where: { ani, endedAt: { not: null } },
        include: { events: { orderBy: { at: 'asc' } }, agent: true, queue: true },
      }),
    );

  it('pressing 2 in the main menu queues the caller for service, and a qualified service agent (1012, service 4) answers', async () => {
    const phone = await startAgentPhone(stack, '1012', 'answer', { timeoutSeconds: 40 });
    const carrier = await runSipp({
      scenarioFile: scenario('carrier-ivr-press-2.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008001000',
      vars: { ani: '13900000201' },
      timeoutSeconds: 40,
    });
    const [c] = await Promise.all([carrier.done, expectPhoneDone(phone)]);
    expect(c.code, c.output).toBe(0);

    const row = await interaction('+8613900000201');
    const types = row.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['ivr_started', 'ivr_done', 'queued', 'answered', 'ended']));
    expect(types.indexOf('ivr_done')).toBeLessThan(types.indexOf('queued'));
    expect(row.events).toContainEqual(
      expect.objectContaining({
        type: 'dtmf',
        data: expect.objectContaining({ digit: '2', source: 'rfc4733' }),
      }),
    );
    const done = row.events.find((e) => e.type === 'ivr_done');
    expect(done?.data).toMatchObject({
      flowId: 'sales-hotline',
      outcome: { kind: 'queue', queue: 'service', skills: ['service'] },
    });
    const queued = row.events.find((e) => e.type === 'queued');
    const serviceQueue = await stack.tdb.db.queue.findUniqueOrThrow({ where: { name: 'service' } });
    expect(queued?.data).toMatchObject({ queueId: serviceQueue.id });
    expect(row.agent?.extension).toBe('1012');
    const path = row.ivrPath as Array<{ step: string; keys: string; result: string | null }>;
    expect(path.find((p) => p.step === 'main_menu')).toMatchObject({ keys: '2', result: 'choice:2' });
  }, 60_000);

  it('a caller who hangs up during the greeting is recorded as abandoned in the IVR, with the path', async () => {
    const carrier = await runSipp({
      scenarioFile: scenario('carrier-call.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008001000',
      vars: { ani: '13900000202' },
    });
    const c = await carrier.done;
    expect(c.code, c.output).toBe(0);
    const row = await interaction('+8613900000202');
    expect(row.endedBy).toBe('caller');
    expect(row.answeredAt).toBeNull();
    const done = row.events.find((e) => e.type === 'ivr_done');
    expect(done?.data).toMatchObject({ outcome: { kind: 'abandoned' } });
    const path = row.ivrPath as Array<{ step: string }>;
    expect(path.map((p) => p.step)).toEqual(expect.arrayContaining(['identify', 'hours']));
    expect(row.events.some((e) => e.type === 'queued')).toBe(false);
  }, 60_000);
});

describe('IVR on a closed line: the caller leaves a voicemail', () => {
  let stack: CtiStack;

  beforeAll(async () => {
    // No opening hours at all: the sales line is always closed.
    stack = await startCtiStack('sqlite', {}, async (db) => {
      await db.line.update({ where: { dnis: '4008001000' }, data: { businessHours: {}, holidays: [] } });
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('plays the closed prompt, takes 1 for a message and records what the caller says', async () => {
    const carrier = await runSipp({
      scenarioFile: scenario('carrier-voicemail.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008001000',
      vars: { ani: '13900000203' },
      timeoutSeconds: 40,
    });
    const c = await carrier.done;
    expect(c.code, c.output).toBe(0);
    const row = await eventually(() =>
      stack.tdb.db.interaction.findFirst({
        where: { ani: '+8613900000203', endedAt: { not: null } },
        include: { events: true },
      }),
    );
    const path = row.ivrPath as Array<{ step: string; result: string | null }>;
    expect(path.find((p) => p.step === 'hours')?.result).toBe('closed');
    const done = row.events.find((e) => e.type === 'ivr_done');
    expect(done?.data).toMatchObject({ outcome: { kind: 'voicemail', mailbox: 'sales' } });
    expect(row.events.some((e) => e.type === 'queued')).toBe(false);
    expect(row.endedBy).toBe('caller');
    expect(row.recordingRef).toMatch(/voicemail\/sales\/.+\.wav$/);
    const wav = await eventually(async () => {
      try {
        return readWav(await readFile(row.recordingRef!));
      } catch {
        return null;
      }
    });
    const message = channelOf(wav, 0);
    // From the end of the beep to the hang-up: several seconds of the caller speaking.
    expect(message.length / 8000).toBeGreaterThan(2);
    expect(rms(message)).toBeGreaterThan(300);
  }, 60_000);
});
