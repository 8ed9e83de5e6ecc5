import { rms } from '../support/audio.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelOf, readWav } from '@kefu/cti-server/rtp/wav';
import { eventually, startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario } from '../support/sipp.js';
import { startCarrierMedia } from '../e2e/carrier-media.js';

/**
 * A queue's max wait with nobody to take the call: the ACD lets go and the caller is looked after
 * by the server — a voicemail in the queue's mailbox, or a call-back request — on the sales line
 * without IVR (4008003000), SIPp as the carrier, no agent logged in.
 */
/** A stack whose sales queue overflows to `target` after 2 s; the test reads it through the getter. */
function overflowingStack(target: 'voicemail' | 'callback'): () => CtiStack {
  let stack: CtiStack;
  beforeAll(async () => {
    stack = await startCtiStack('sqlite', {}, async (db) => {
      await db.queue.update({
        where: { name: 'sales' },
        data: { maxWaitSeconds: 2, overflowQueueId: null, policy: { overflow: target } },
      });
    });
  });
  afterAll(async () => {
    await stack?.close();
  });
  return () => stack;
}

const ended = (stack: CtiStack, ani: string) =>
  eventually(() =>
    stack.tdb.db.interaction.findFirst({
      where: { ani, endedAt: { not: null } },
      include: { events: { orderBy: { at: 'asc' } } },
    }),
  );

describe('queue overflow to voicemail', () => {
  const get = overflowingStack('voicemail');

  it('answers after the max wait, plays the beep prompt and records the caller into the sales mailbox', async () => {
    const stack = get();
    const carrier = await runSipp({
      scenarioFile: scenario('carrier-call-audio.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008003000',
      vars: { ani: '13900000401' },
      timeoutSeconds: 40,
    });
    const c = await carrier.done;
    expect(c.code, c.output).toBe(0);
    const row = await ended(stack, '+8613900000401');
    const types = row.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['queued', 'overflow', 'voicemail']));
    expect(types).not.toContain('answered');
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
    expect(message.length / 8000).toBeGreaterThan(1.5);
    expect(rms(message)).toBeGreaterThan(300);
  }, 60_000);
});

describe('queue overflow to a call-back request', () => {
  const get = overflowingStack('callback');

  it('answers after the max wait, takes a call-back request, confirms it and hangs up', async () => {
    const stack = get();
    const media = await startCarrierMedia();
    try {
      const carrier = await runSipp({
        scenarioFile: path.join(import.meta.dirname, '..', 'e2e', 'sipp', 'carrier-call-held.xml'),
        target: `127.0.0.1:${stack.sipPort}`,
        service: '4008003000',
        vars: { ani: '13900000402', mport: String(media.port) },
        timeoutSeconds: 40,
      });
      const started = Date.now();
      const c = await carrier.done;
      expect(c.code, c.output).toBe(0);
      // The confirmation prompt reached the caller before kefu hung up.
      expect(media.window(started).packets).toBeGreaterThan(50);
      const row = await ended(stack, '+8613900000402');
      const request = row.events.find((e) => e.type === 'callback_requested');
      expect(request?.data).toMatchObject({ number: '+8613900000402', source: 'overflow' });
      expect(row.endedBy).toBe('system');

      // The request is on the agents' callback list; an agent dials it, then marks it done.
      const headers = await stack.headers('1002');
      const list = await eventually(async () => {
        const res = await stack.app.inject({ method: 'GET', url: '/api/callbacks', headers });
        const body = res.json() as { id: string; number: string; callId: string; attempts: number }[];
        return body.length > 0 ? body : null;
      });
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ number: '+8613900000402', callId: row.callId, source: 'overflow' });
      expect(list[0]).toMatchObject({ queue: { name: 'sales' }, status: 'open', attempts: 0 });
      const patch = (body: object) =>
        stack.app.inject({ method: 'PATCH', url: `/api/callbacks/${list[0]!.id}`, headers, payload: body });
      expect((await patch({ attempted: true })).json()).toMatchObject({
        attempts: 1,
        agentExtension: '1002',
      });
      const done = await patch({ status: 'done', note: 'reached, order placed' });
      expect(done.json()).toMatchObject({ status: 'done', attempts: 1, note: 'reached, order placed' });
      // Closed: off the open list, and it cannot be closed twice.
      const open = await stack.app.inject({ method: 'GET', url: '/api/callbacks', headers });
      expect(open.json()).toEqual([]);
      const again = await patch({ status: 'cancelled' });
      expect(again.statusCode).toBe(400);
      expect(again.json()).toMatchObject({ code: 'CALLBACK_CLOSED' });
      expect((await patch({ status: 'maybe' })).statusCode).toBe(400);
    } finally {
      media.close();
    }
  }, 60_000);
});
