import type { MonitorSessionRecord } from '../../call/supervisor-monitor.js';
import type { AuditRecord } from './audit-log.js';

/** "1:05" — minutes and seconds, as the audit log's summary reads. */
function minutesSeconds(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * A finished monitoring session as an audit entry on the call: who monitored whom, when, how
 * long, the modes in order. `after` holds plain fields so the admin's Audit log shows each on
 * a line of its own; the actor is the supervisor.
 */
export function monitorSessionAudit(session: MonitorSessionRecord): AuditRecord {
  const modes = session.modes.map((m) => m.mode);
  const agents = session.agentExtensions.join(', ');
  const summary =
    session.connectedAt === null
      ? `${session.supervisor} asked to monitor ${agents}'s call; phone ${session.extension} never answered`
      : `${session.supervisor} monitored ${agents}'s call for ${minutesSeconds(session.durationMs)} (${modes.join(' → ')})`;
  return {
    action: 'call.monitor',
    entity: 'call',
    entityId: session.callId,
    summary,
    before: null,
    after: {
      supervisor: session.supervisor,
      agent: agents,
      phone: session.extension,
      requestedAt: session.requestedAt.toISOString(),
      connectedAt: session.connectedAt?.toISOString() ?? null,
      endedAt: session.endedAt.toISOString(),
      durationSeconds: Math.round(session.durationMs / 1000),
      modes,
      modesAt: session.modes.map((m) => `${m.mode} ${m.at.toISOString()}`),
    },
  };
}
