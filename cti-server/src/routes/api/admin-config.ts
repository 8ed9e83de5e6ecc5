import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors } from '../../schemas/common.js';
import {
  ConfigExportQuery,
  ConfigImportBody,
  ConfigImportQuery,
  ConfigImportResult,
  ConfigProblems,
} from '../../schemas/admin-config.js';
import { importConfig } from '../../services/config/config-apply.js';
import { formatConfig, parseConfig, type ConfigProblem } from '../../services/config/config-document.js';
import { exportConfig } from '../../services/config/config-export.js';
import { knownFlows } from '../../services/config/known-flows.js';

export interface AdminConfigRoutesOptions {
  /** SIP realm of new agents' HA1 (SIP_REALM). */
  sipRealm: string;
}

/** Documents are large: a centre of thousands of agents is a few MB of YAML. */
const BODY_LIMIT = 6 * 1024 * 1024;

/**
 * Configuration as code (issue 14): the whole centre as one YAML or JSON document without a
 * secret, and its import — a dry run that lists every change, or all of it in one transaction
 * (docs/ADMINISTRATION.md). Admins only. After an import the running server re-reads
 * everything (configChanges `all`) and every changed agent is re-applied to the ACD.
 */
const adminConfig: FastifyPluginAsyncTypebox<AdminConfigRoutesOptions> = async (app, opts) => {
  const admins = app.authorize('admin');
  const tags = ['administration'];
  /** The running server's IVR flow registry, when it has one (the ivr-flows plugin). */
  const flowRegistry = () =>
    app.hasDecorator('ivrFlows')
      ? (app as unknown as { ivrFlows: { registry: { flowIds(): string[] } } }).ivrFlows.registry
      : undefined;

  app.get(
    '/admin/config/export',
    {
      onRequest: admins,
      schema: {
        tags,
        summary: 'The centre as one document (no secrets); format=yaml (default) or json',
        querystring: ConfigExportQuery,
        produces: ['text/yaml', 'application/json'],
        response: {
          200: {
            description: 'the document as an attachment (text/yaml, or application/json with format=json)',
            content: { 'text/yaml': { schema: Type.String() } },
          },
          ...errors(),
        },
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'yaml';
      const text = formatConfig(await exportConfig(app.db), format);
      const date = new Date().toISOString().slice(0, 10);
      return reply
        .type(format === 'json' ? 'application/json; charset=utf-8' : 'text/yaml; charset=utf-8')
        .header('content-disposition', `attachment; filename="kefu-config-${date}.${format}"`)
        .send(text);
    },
  );

  app.post(
    '/admin/config/import',
    {
      onRequest: admins,
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary: 'Import a document: dryRun=true lists the changes; otherwise all of them in one transaction',
        querystring: ConfigImportQuery,
        body: ConfigImportBody,
        response: { 200: ConfigImportResult, ...errors(), 400: ConfigProblems },
      },
    },
    async (request, reply) => {
      const refuse = (problems: ConfigProblem[]) =>
        reply.status(400).send({
          statusCode: 400,
          code: 'INVALID_CONFIG',
          error: 'Bad Request',
          message: `the document has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was changed`,
          problems,
        });
      const parsed = parseConfig(request.body.document);
      if (!parsed.ok) return refuse(parsed.problems);
      const result = await importConfig(app.db, parsed.document, {
        dryRun: request.query.dryRun ?? false,
        actor: request.user,
        actorUsername: request.user.username,
        flows: await knownFlows(app.db, flowRegistry()),
        realm: opts.sipRealm,
      });
      if (!result.ok)
        return refuse(
          result.problems.map((p) => {
            const line = parsed.lineOf(p.path);
            return line === undefined ? p : { ...p, line };
          }),
        );
      if (!result.dryRun && result.changes.length > 0) {
        // Committed: whatever keeps a copy re-reads it, and the ACD gets every changed agent.
        await app.configChanges.publish({ kind: 'all' });
        for (const agentId of result.agentIds) await app.agentRoster.refresh(agentId, request.user.id);
        // As POST /api/admin/users/:id/disable does: consoles closed, phones signed out.
        for (const { userId, extension } of result.disabled) {
          app.realtime.disconnectUser(userId);
          if (extension && app.hasDecorator('sip'))
            for (const b of app.sip.locations.lookup(extension)) app.sip.locations.remove(extension, b);
        }
        if (result.trunksChanged && app.hasDecorator('sip')) await app.sip.reloadTrunks();
      }
      const warnings = result.warnings.map((w) => {
        const line = parsed.lineOf(w.path);
        return line === undefined ? w : { ...w, line };
      });
      return {
        dryRun: result.dryRun,
        summary: result.summary,
        counts: result.counts,
        changes: result.changes,
        warnings,
      };
    },
  );
};

export default adminConfig;
