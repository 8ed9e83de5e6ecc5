import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, errors } from '../../schemas/common.js';
import {
  AdminUserList,
  AdminUserResponse,
  AdminUsersQuery,
  AuditPage,
  AuditQuery,
  CreatedUser,
  NewSkillBody,
  NewUserBody,
  SetPasswordBody,
  SipPasswordResponse,
  SkillList,
  SkillPatchBody,
  SkillResponse,
  TeamList,
  UserPatchBody,
  UsersImportBody,
  UsersImportQuery,
  UsersImportRefused,
  UsersImportResult,
} from '../../schemas/admin.js';
import { listAudit } from '../../services/audit/audit-log.js';
import { checkPatchAllowed } from '../../services/admin/people-rules.js';
import {
  createUser,
  getUser,
  listUsers,
  renewSipPassword,
  setUserActive,
  setUserPassword,
  updateUser,
} from '../../services/admin/people.js';
import { importUsers } from '../../services/admin/people-import.js';
import { createSkill, listSkills, listTeams, updateSkill } from '../../services/admin/skills.js';

export interface AdminRoutesOptions {
  /** The SIP realm new agents' HA1 values are computed for (SIP_REALM). */
  sipRealm: string;
}

/**
 * The administration of people (issue 14): users and agents, their passwords, skills, teams and
 * the audit log. Admins change everything; supervisors read and change agents' skills; agents
 * and marketing get 403. Every write is audited, and applies to the running server at once:
 * the ACD and agent directory through `app.agentRoster`, the registrar reads credentials from
 * the database for each request (a disabled agent's phone bindings are dropped here too).
 */
const admin: FastifyPluginAsyncTypebox<AdminRoutesOptions> = async (app, opts) => {
  const admins = app.authorize('admin');
  const staff = app.authorize('supervisor', 'admin');
  const tags = ['administration'];

  /** The agent as the running server knows it: ACD, directory, phone bindings. */
  const applyAgent = async (
    agentId: string | null,
    actorId: string,
    phones: 'keep' | 'drop' = 'keep',
  ): Promise<void> => {
    if (!agentId) return;
    const extension = app.agentDirectory.agent(agentId)?.extension;
    await app.agentRoster.refresh(agentId, actorId);
    if (phones === 'drop' && app.hasDecorator('sip')) {
      const ext =
        extension ??
        (await app.db.agent.findUnique({ where: { id: agentId }, select: { extension: true } }))?.extension;
      if (ext) for (const b of app.sip.locations.lookup(ext)) app.sip.locations.remove(ext, b);
    }
  };

  app.get(
    '/admin/users',
    {
      onRequest: staff,
      schema: { tags, querystring: AdminUsersQuery, response: { 200: AdminUserList, ...errors() } },
    },
    async (request) => ({ users: await listUsers(app.db, request.query) }),
  );

  app.get(
    '/admin/users/:id',
    {
      onRequest: staff,
      schema: { tags, params: IdParams, response: { 200: AdminUserResponse, ...errors(404) } },
    },
    async (request) => ({ user: await getUser(app.db, request.params.id) }),
  );

  app.post(
    '/admin/users',
    {
      onRequest: admins,
      schema: {
        tags,
        summary: 'Create a user (with an agent: extension, skills, a SIP password shown once)',
        body: NewUserBody,
        response: { 201: CreatedUser, ...errors(409) },
      },
    },
    async (request, reply) => {
      const created = await createUser(app.db, request.user, request.body, opts.sipRealm);
      await applyAgent(created.agentId, request.user.id);
      return reply.status(201).send({ user: created.user, sipPassword: created.sipPassword });
    },
  );

  app.post(
    '/admin/users/import',
    {
      onRequest: admins,
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags,
        summary:
          'Import users and agents from CSV: every row checked and reported; dryRun=true writes nothing, otherwise all rows in one transaction or none',
        querystring: UsersImportQuery,
        body: UsersImportBody,
        response: { 200: UsersImportResult, ...errors(409), 400: UsersImportRefused },
      },
    },
    async (request, reply) => {
      const result = await importUsers(app.db, request.user, request.body.csv, {
        dryRun: request.query.dryRun ?? false,
        realm: opts.sipRealm,
      });
      if (!result.ok) {
        const bad = result.rows.filter((r) => r.status === 'error').length;
        return reply.status(400).send({
          statusCode: 400,
          code: 'INVALID_CSV',
          error: 'Bad Request',
          message: `${bad} row${bad === 1 ? ' has' : 's have'} problems; nothing was imported`,
          rows: result.rows,
          created: 0,
        });
      }
      // Committed: each new agent joins the running ACD and the agent directory.
      for (const u of result.users) await applyAgent(u.agentId, request.user.id);
      return {
        dryRun: result.dryRun,
        rows: result.rows,
        created: result.created,
        users: result.users.map(({ agentId: _agentId, ...u }) => u),
      };
    },
  );

  app.patch(
    '/admin/users/:id',
    {
      onRequest: staff,
      schema: {
        tags,
        summary: 'Change a user; supervisors may change agent.skills only',
        params: IdParams,
        body: UserPatchBody,
        response: { 200: AdminUserResponse, ...errors(404, 409) },
      },
    },
    async (request) => {
      checkPatchAllowed(request.body, request.user.roles);
      const changed = await updateUser(app.db, request.user, request.params.id, request.body);
      await applyAgent(changed.agentId, request.user.id);
      return { user: changed.user };
    },
  );

  for (const action of ['disable', 'enable'] as const) {
    app.post(
      `/admin/users/:id/${action}`,
      {
        onRequest: admins,
        schema: {
          tags,
          summary:
            action === 'disable'
              ? 'Disable a user (never deleted): no sign-in, the agent logged out, its phone refused'
              : 'Enable a disabled user again',
          params: IdParams,
          response: { 200: AdminUserResponse, ...errors(404, 409) },
        },
      },
      async (request) => {
        const changed = await setUserActive(app.db, request.user, request.params.id, action === 'enable');
        await applyAgent(changed.agentId, request.user.id, action === 'disable' ? 'drop' : 'keep');
        if (action === 'disable') app.realtime.disconnectUser(request.params.id);
        return { user: changed.user };
      },
    );
  }

  app.put(
    '/admin/users/:id/password',
    {
      onRequest: admins,
      schema: {
        tags,
        summary: 'Set the web password; the user must change it at the next login',
        params: IdParams,
        body: SetPasswordBody,
        response: { 204: Type.Null(), ...errors(404) },
      },
    },
    async (request, reply) => {
      await setUserPassword(app.db, request.user, request.params.id, request.body.password);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/admin/users/:id/sip-password',
    {
      onRequest: admins,
      schema: {
        tags,
        summary: "A new random SIP password for the agent's desk phone (shown once; its bindings dropped)",
        params: IdParams,
        response: { 200: SipPasswordResponse, ...errors(404, 409) },
      },
    },
    async (request) => {
      const { sipPassword, agentId } = await renewSipPassword(
        app.db,
        request.user,
        request.params.id,
        opts.sipRealm,
      );
      // A phone registered with the old password must register again with the new one.
      await applyAgent(agentId, request.user.id, 'drop');
      return { sipPassword };
    },
  );

  app.get(
    '/admin/skills',
    { onRequest: staff, schema: { tags, response: { 200: SkillList, ...errors() } } },
    async () => ({ skills: await listSkills(app.db) }),
  );

  app.post(
    '/admin/skills',
    {
      onRequest: admins,
      schema: { tags, body: NewSkillBody, response: { 201: SkillResponse, ...errors(409) } },
    },
    async (request, reply) =>
      reply.status(201).send({ skill: await createSkill(app.db, request.user, request.body) }),
  );

  app.patch(
    '/admin/skills/:id',
    {
      onRequest: admins,
      schema: {
        tags,
        params: IdParams,
        body: SkillPatchBody,
        response: { 200: SkillResponse, ...errors(404, 409) },
      },
    },
    async (request) => ({ skill: await updateSkill(app.db, request.user, request.params.id, request.body) }),
  );

  app.get(
    '/admin/teams',
    { onRequest: staff, schema: { tags, response: { 200: TeamList, ...errors() } } },
    async () => ({ teams: await listTeams(app.db) }),
  );

  app.get(
    '/admin/audit',
    {
      onRequest: admins,
      schema: {
        tags,
        summary: 'Who changed what, newest first (before → after, secrets redacted)',
        querystring: AuditQuery,
        response: { 200: AuditPage, ...errors() },
      },
    },
    async (request) => listAudit(app.db, request.query),
  );
};

export default admin;
