import type { Db } from '@kefu/db';
import type { Acd } from '../../acd/index.js';
import { agentProfileFromRow } from './acd-config.js';
import type { AcdEvents } from './acd-events.js';
import { directoryAgentFromRow, type AgentDirectory } from './agent-directory.js';

/**
 * Brings the running ACD and agent directory in line with an agent's row after the
 * administration changed it — no restart: a new agent can log in, changed skills and
 * proficiencies route the next call, a disabled agent is logged out and forgotten.
 *
 * A disabled agent on a call cannot be logged out (the call goes on); it loses its skills at
 * once, so it is offered nothing more, and is logged out as soon as its machine allows it
 * (after the call and its wrap-up). Its user can no longer sign in or authenticate its phone.
 */
export class AgentRoster {
  /** Disabled agents waiting for their call to end before they are logged out. */
  private readonly leaving = new Map<string, { actor: string | undefined }>();

  constructor(
    private readonly db: Db,
    private readonly acd: Acd,
    private readonly directory: AgentDirectory,
    events: AcdEvents,
  ) {
    events.on('agent.state', (e) => {
      const pending = this.leaving.get(e.agentId);
      // Not from inside the ACD's own settling: after the transition that was just reported.
      if (pending) queueMicrotask(() => this.tryLogout(e.agentId, pending.actor));
    });
  }

  /** Re-reads the agent and applies it; `actorUserId` is who disabled it (for its logout record). */
  async refresh(agentId: string, actorUserId?: string): Promise<void> {
    const row = await this.db.agent.findUnique({
      where: { id: agentId },
      include: {
        skills: { include: { skill: { select: { name: true, kind: true } } } },
        user: { select: { displayName: true, active: true } },
      },
    });
    if (!row) return;
    const known = this.acd.agentStatus(agentId) !== undefined;
    if (!row.user.active) {
      if (!known) return;
      this.acd.setAgentSkills(agentId, {}, []);
      this.leaving.set(agentId, { actor: actorUserId });
      this.tryLogout(agentId, actorUserId);
      return;
    }
    this.leaving.delete(agentId);
    const entry = { ...row, displayName: row.user.displayName };
    // The directory first: the ACD reports the new agent's transitions by its id.
    this.directory.putAgent(directoryAgentFromRow(entry));
    const profile = agentProfileFromRow(entry);
    if (known) this.acd.setAgentSkills(agentId, profile.skills, profile.languages);
    else this.acd.addAgent(profile);
  }

  /** Whether a disabled agent still waits for its call to end. */
  isLeaving(agentId: string): boolean {
    return this.leaving.has(agentId);
  }

  private tryLogout(agentId: string, actor: string | undefined): void {
    if (!this.leaving.has(agentId)) return;
    const loggedOut =
      this.acd.agentStatus(agentId) === 'logged_out' ||
      this.acd.forceState(agentId, 'logged_out', actor ?? 'system') ||
      this.acd.logout(agentId, actor);
    if (!loggedOut) return;
    this.leaving.delete(agentId);
    this.directory.removeAgent(agentId);
  }
}
