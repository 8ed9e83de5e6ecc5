import { describe, expect, it } from 'vitest';
import { monitorSessionAudit } from './monitor-session-audit.js';

const base = {
  callId: 'call-1',
  supervisorUserId: 'u-sup',
  supervisor: 'Supervisor One',
  extension: '1090',
  agentExtensions: ['1002'],
  requestedAt: new Date('2026-03-02T09:00:00Z'),
};

describe('a monitoring session in the audit log', () => {
  it('says who, whom, how long and the modes in order', () => {
    const record = monitorSessionAudit({
      ...base,
      connectedAt: new Date('2026-03-02T09:00:02Z'),
      endedAt: new Date('2026-03-02T09:01:07Z'),
      durationMs: 65_000,
      modes: [
        { mode: 'listen', at: new Date('2026-03-02T09:00:00Z') },
        { mode: 'whisper', at: new Date('2026-03-02T09:00:20Z') },
        { mode: 'barge', at: new Date('2026-03-02T09:00:40Z') },
      ],
    });
    expect(record).toMatchObject({
      action: 'call.monitor',
      entity: 'call',
      entityId: 'call-1',
      before: null,
    });
    expect(record.summary).toBe("Supervisor One monitored 1002's call for 1:05 (listen → whisper → barge)");
    expect(record.after).toMatchObject({
      supervisor: 'Supervisor One',
      agent: '1002',
      phone: '1090',
      durationSeconds: 65,
      modes: ['listen', 'whisper', 'barge'],
      connectedAt: '2026-03-02T09:00:02.000Z',
    });
  });

  it('records a phone that never answered', () => {
    const record = monitorSessionAudit({
      ...base,
      connectedAt: null,
      endedAt: new Date('2026-03-02T09:00:30Z'),
      durationMs: 0,
      modes: [{ mode: 'listen', at: base.requestedAt }],
    });
    expect(record.summary).toBe("Supervisor One asked to monitor 1002's call; phone 1090 never answered");
    expect(record.after).toMatchObject({ durationSeconds: 0, connectedAt: null });
  });
});
