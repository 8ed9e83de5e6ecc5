import { randomBytes } from 'node:crypto';
import { hashPassword, sipHa1, type Db } from '@kefu/db';
import { ConflictError, NotFoundError } from '../../errors.js';
import { audited, auditedIn, type AuditActor, type Tx } from '../audit/audit-log.js';
import { rolesOf, type Role } from '../auth/auth-user.js';
import {
  checkExtension,
  checkPassword,
  checkRoles,
  skillRows,
  type SkillGrant,
  type UserPatch,
} from './people-rules.js';

/**
 * Users and agents for the administration: create, change, disable and enable (never delete:
 * history keeps their names), web and SIP passwords. Every write is audited (services/audit)
 * in its own transaction; the caller then applies an agent's change to the running ACD
 * (services/routing/agent-roster.ts). Secrets never leave: the view has no hash and no HA1,
 * and a new SIP password is returned once, to the caller, and stored only as HA1.
 */

export type Locale = 'zh-CN' | 'en';

export interface AdminAgentView {
  extension: string;
  team: string | null;
  /** Spoken languages: skills of kind "language" (the ACD matches callers' language on them). */
  languages: string[];
  skills: SkillGrant[];
  mayDialOut: boolean;
}

export interface AdminUserView {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  locale: Locale;
  active: boolean;
  mustChangePassword: boolean;
  agent: AdminAgentView | null;
  createdAt: Date;
  updatedAt: Date;
}

const userInclude = {
  roles: { select: { role: true } },
  agent: {
    select: {
      id: true,
      extension: true,
      team: true,
      mayDialOut: true,
      skills: { select: { proficiency: true, skill: { select: { name: true, kind: true } } } },
    },
  },
} as const;

type UserRow = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  roles: Array<{ role: Role }>;
  locale: string;
  active: boolean;
  mustChangePassword: boolean;
  createdAt: Date;
  updatedAt: Date;
  agent: {
    id: string;
    extension: string;
    team: string | null;
    mayDialOut: boolean;
    skills: Array<{ proficiency: number; skill: { name: string; kind: string } }>;
  } | null;
};

export function adminUserView(row: UserRow): AdminUserView {
  const a = row.agent;
  const byName = (x: { skill: { name: string } }, y: { skill: { name: string } }) =>
    x.skill.name.localeCompare(y.skill.name);
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    roles: rolesOf(row),
    locale: row.locale === 'en' ? 'en' : 'zh-CN',
    active: row.active,
    mustChangePassword: row.mustChangePassword,
    agent: a && {
      extension: a.extension,
      team: a.team,
      languages: a.skills
        .filter((s) => s.skill.kind === 'language')
        .sort(byName)
        .map((s) => s.skill.name),
      skills: a.skills
        .filter((s) => s.skill.kind !== 'language')
        .sort(byName)
        .map((s) => ({ skill: s.skill.name, proficiency: s.proficiency })),
      mayDialOut: a.mayDialOut,
    },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** A user as the API and the audit log show it; null when there is none. */
async function snapshot(tx: Tx, id: string): Promise<AdminUserView | null> {
  const row = await tx.user.findUnique({ where: { id }, include: userInclude });
  return row ? adminUserView(row) : null;
}

async function mustFind(tx: Tx, id: string): Promise<UserRow> {
  const row = await tx.user.findUnique({ where: { id }, include: userInclude });
  if (!row) throw new NotFoundError('user', id);
  return row;
}

/** What a write returns: the user as shown, and its agent's id for the ACD. */
export interface UserChange {
  user: AdminUserView;
  agentId: string | null;
}

const changeOf = async (tx: Tx, id: string): Promise<UserChange> => {
  const row = await mustFind(tx, id);
  return { user: adminUserView(row), agentId: row.agent?.id ?? null };
};

// ── reading ─────────────────────────────────────────────────────────────────────────────────

export async function listUsers(
  db: Db,
  filter: { role?: Role | undefined; active?: boolean | undefined; q?: string | undefined },
): Promise<AdminUserView[]> {
  const rows = await db.user.findMany({
    where: {
      active: filter.active,
      ...(filter.role && { OR: [{ role: filter.role }, { roles: { some: { role: filter.role } } }] }),
    },
    include: userInclude,
    orderBy: { username: 'asc' },
  });
  const q = filter.q?.trim().toLowerCase();
  // A case-insensitive search the same on both databases; a centre has hundreds of users, not millions.
  const found = q
    ? rows.filter((r) =>
        [r.username, r.displayName, r.agent?.extension ?? ''].some((v) => v.toLowerCase().includes(q)),
      )
    : rows;
  return found.map(adminUserView);
}

export async function getUser(db: Db, id: string): Promise<AdminUserView> {
  return adminUserView(await mustFind(db, id));
}

// ── writing ─────────────────────────────────────────────────────────────────────────────────

export interface NewUser {
  username: string;
  displayName: string;
  roles: string[];
  password: string;
  locale?: Locale | undefined;
  agent?:
    | {
        extension: string;
        team?: string | null | undefined;
        languages?: string[] | undefined;
        skills?: SkillGrant[] | undefined;
        mayDialOut?: boolean | undefined;
      }
    | undefined;
}

/** A new random SIP password (hex: easy to type on a desk phone's keypad), 80 bits. */
export const newSipSecret = (): string => randomBytes(10).toString('hex');

export async function createUser(
  db: Db,
  actor: AuditActor,
  input: NewUser,
  realm: string,
): Promise<UserChange & { sipPassword: string | null }> {
  const prepared = await prepareNewUser(input);
  return db.$transaction((tx) => createUserIn(tx, actor, input, realm, prepared));
}

/** What a new user needs before its transaction: the checked roles, the hash, the SIP secret. */
export interface PreparedUser {
  roles: Role[];
  passwordHash: string;
  sipPassword: string | null;
}

/** Checks the rules needing no database and hashes the password (slow: outside any transaction). */
export async function prepareNewUser(input: NewUser): Promise<PreparedUser> {
  const roles = checkRoles(input.roles, input.agent !== undefined);
  checkPassword(input.password);
  if (input.agent) checkExtension(input.agent.extension);
  return {
    roles,
    passwordHash: await hashPassword(input.password),
    sipPassword: input.agent ? newSipSecret() : null,
  };
}

/**
 * Creates a prepared user inside the caller's transaction, audited (`user.create`): the one
 * create of POST /api/admin/users and of the CSV import (people-import.ts).
 */
export async function createUserIn(
  tx: Tx,
  actor: AuditActor,
  input: NewUser,
  realm: string,
  { roles, passwordHash, sipPassword }: PreparedUser,
): Promise<UserChange & { sipPassword: string | null }> {
  const change = await auditedIn<UserChange>(tx, actor, {
    action: 'user.create',
    snapshot,
    idOf: (c: UserChange) => c.user.id,
    summary: (c) =>
      `created user ${c.user.username}${c.user.agent ? ` (agent ${c.user.agent.extension})` : ''} as ${roles.join(', ')}`,
    write: async (tx) => {
      if (await tx.user.findUnique({ where: { username: input.username }, select: { id: true } }))
        throw new ConflictError(`username ${input.username} is taken`);
      const agent = input.agent;
      let agentData;
      if (agent) {
        if (await tx.agent.findUnique({ where: { extension: agent.extension }, select: { id: true } }))
          throw new ConflictError(`extension ${agent.extension} is taken`);
        const catalogue = await tx.skill.findMany({ select: { id: true, name: true, kind: true } });
        const skills = skillRows(catalogue, agent.skills ?? [], agent.languages ?? []);
        agentData = {
          create: {
            extension: agent.extension,
            team: agent.team ?? null,
            mayDialOut: agent.mayDialOut ?? true,
            sipRealm: realm,
            sipHa1Md5: sipHa1(agent.extension, realm, sipPassword!, 'MD5'),
            sipHa1Sha256: sipHa1(agent.extension, realm, sipPassword!, 'SHA-256'),
            skills: { create: skills },
            stateEvents: { create: { state: 'logged_out', reason: 'created' } },
          },
        };
      }
      const user = await tx.user.create({
        data: {
          username: input.username,
          displayName: input.displayName,
          role: roles[0]!,
          roles: { create: roles.map((role) => ({ role })) },
          passwordHash,
          // Whoever set it knows it: the new user picks their own at the first login.
          mustChangePassword: true,
          locale: input.locale ?? 'zh-CN',
          ...(agentData && { agent: agentData }),
        },
        select: { id: true },
      });
      return changeOf(tx, user.id);
    },
  });
  return { ...change, sipPassword };
}

export async function updateUser(
  db: Db,
  actor: { id: string },
  id: string,
  patch: UserPatch,
): Promise<UserChange> {
  return audited<UserChange>(db, actor, {
    action: 'user.update',
    entityId: id,
    snapshot,
    summary: (c, changed) => `changed ${c.user.username}: ${changed}`,
    write: async (tx) => {
      const row = await mustFind(tx, id);
      if (patch.roles !== undefined) {
        const roles = checkRoles(patch.roles, row.agent !== null);
        if (actor.id === id && rolesOf(row).includes('admin') && !roles.includes('admin'))
          throw new ConflictError('you cannot take the admin role from yourself');
        await tx.userRole.deleteMany({ where: { userId: id } });
        await tx.userRole.createMany({ data: roles.map((role) => ({ userId: id, role })) });
        await tx.user.update({ where: { id }, data: { role: roles[0]! } });
      }
      if (patch.displayName !== undefined || patch.locale !== undefined) {
        await tx.user.update({
          where: { id },
          data: { displayName: patch.displayName, locale: patch.locale },
        });
      }
      const a = patch.agent;
      if (a && Object.values(a).some((v) => v !== undefined)) {
        if (!row.agent)
          throw new ConflictError(
            `user ${row.username} has no agent (extension); create agents with POST /api/admin/users`,
          );
        if (a.team !== undefined || a.mayDialOut !== undefined) {
          await tx.agent.update({
            where: { id: row.agent.id },
            data: { team: a.team, mayDialOut: a.mayDialOut },
          });
        }
        if (a.skills !== undefined || a.languages !== undefined) {
          const current = adminUserView(row).agent!;
          const kept = new Map(
            row.agent.skills
              .filter((s) => s.skill.kind === 'language')
              .map((s) => [s.skill.name, s.proficiency]),
          );
          const catalogue = await tx.skill.findMany({ select: { id: true, name: true, kind: true } });
          const rows = skillRows(
            catalogue,
            a.skills ?? current.skills,
            a.languages ?? current.languages,
            (name) => kept.get(name) ?? 5,
          );
          await tx.agentSkill.deleteMany({ where: { agentId: row.agent.id } });
          await tx.agentSkill.createMany({ data: rows.map((r) => ({ ...r, agentId: row.agent!.id })) });
        }
        // The user's updatedAt tells clients the agent changed too.
        await tx.user.update({ where: { id }, data: { updatedAt: new Date() } });
      }
      return changeOf(tx, id);
    },
  });
}

/** Disables (never deletes) or enables a user; a disabled user cannot sign in or register a phone. */
export async function setUserActive(
  db: Db,
  actor: { id: string },
  id: string,
  active: boolean,
): Promise<UserChange> {
  return audited<UserChange>(db, actor, {
    action: active ? 'user.enable' : 'user.disable',
    entityId: id,
    snapshot,
    summary: (c) => `${active ? 'enabled' : 'disabled'} ${c.user.username}`,
    write: async (tx) => {
      await mustFind(tx, id);
      if (!active && actor.id === id) throw new ConflictError('you cannot disable yourself');
      await tx.user.update({ where: { id }, data: { active } });
      return changeOf(tx, id);
    },
  });
}

/** Sets a user's web password; they must choose their own at the next login. */
export async function setUserPassword(
  db: Db,
  actor: AuditActor,
  id: string,
  password: string,
): Promise<void> {
  checkPassword(password);
  const passwordHash = await hashPassword(password);
  await audited<UserChange>(db, actor, {
    action: 'user.password',
    entityId: id,
    snapshot,
    summary: (c) => `set the web password of ${c.user.username}`,
    write: async (tx) => {
      await mustFind(tx, id);
      await tx.user.update({ where: { id }, data: { passwordHash, mustChangePassword: true } });
      return changeOf(tx, id);
    },
  });
}

/** A new random SIP password for the user's desk phone: stored as HA1 only, returned once. */
export async function renewSipPassword(
  db: Db,
  actor: AuditActor,
  id: string,
  realm: string,
): Promise<{ sipPassword: string; agentId: string }> {
  const sipPassword = newSipSecret();
  const change = await audited<UserChange>(db, actor, {
    action: 'user.sip_password',
    entityId: id,
    snapshot,
    summary: (c) => `new SIP password for ${c.user.username} (extension ${c.user.agent?.extension})`,
    write: async (tx) => {
      const row = await mustFind(tx, id);
      if (!row.agent)
        throw new ConflictError(`user ${row.username} has no agent (extension), so no SIP password`);
      const ext = row.agent.extension;
      await tx.agent.update({
        where: { id: row.agent.id },
        data: {
          sipRealm: realm,
          sipHa1Md5: sipHa1(ext, realm, sipPassword, 'MD5'),
          sipHa1Sha256: sipHa1(ext, realm, sipPassword, 'SHA-256'),
        },
      });
      await tx.user.update({ where: { id }, data: { updatedAt: new Date() } });
      return changeOf(tx, id);
    },
  });
  return { sipPassword, agentId: change.agentId! };
}

/** The signed-in user's own new web password (the old one checked by the caller). */
export async function changeOwnPassword(db: Db, userId: string, newPassword: string): Promise<void> {
  checkPassword(newPassword, 'the new password');
  const passwordHash = await hashPassword(newPassword);
  await audited<UserChange>(
    db,
    { id: userId },
    {
      action: 'user.password_change',
      entityId: userId,
      snapshot,
      summary: (c) => `${c.user.username} chose a new web password`,
      write: async (tx) => {
        await tx.user.update({ where: { id: userId }, data: { passwordHash, mustChangePassword: false } });
        return changeOf(tx, userId);
      },
    },
  );
}
