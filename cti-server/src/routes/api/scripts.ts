import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors } from '../../schemas/common.js';
import {
  CallIdParams,
  ForCallQuery,
  NewScriptBody,
  ScriptAnswersBody,
  ScriptAnswersView,
  ScriptCheckBody,
  ScriptCheckResult,
  ScriptDraftBody,
  ScriptProblemsError,
  ScriptStatsQuery,
  ScriptVersionParams,
  ScriptVersionStats,
  ScriptForCall,
  ScriptKeyParams,
  ScriptListQuery,
  ScriptPreview,
  ScriptPreviewBody,
  ScriptSummary,
  ScriptView,
} from '../../schemas/scripts.js';
import {
  listScripts,
  saveScriptAnswers,
  scriptForCall,
  scriptVersions,
} from '../../services/console/script-service.js';
import {
  checkScript,
  createScriptVersion,
  discardDraft,
  previewScript,
  publishDraft,
  saveDraft,
  ScriptProblemsError as ProblemsError,
} from '../../services/marketing/script-authoring.js';
import { scriptVersionStats } from '../../services/marketing/script-stats.js';

/** Call scripts: marketing writes versions, agents follow the one bound to their call. */
const scripts: FastifyPluginAsyncTypebox = async (app) => {
  const read = app.authorize('agent', 'supervisor', 'marketing', 'admin');
  const author = app.authorize('marketing', 'admin');
  const onCall = app.authorize('agent', 'supervisor', 'admin');
  const readers = app.authorize('marketing', 'supervisor', 'admin');
  const tags = ['scripts'];
  const liveCallOf = (agentId: string) => app.acd.agentContext(agentId)?.callId ?? null;

  /** A refused publish answers 400 with the check's problems, for the designer to list. */
  const problemsReply = (err: unknown) => {
    if (!(err instanceof ProblemsError)) throw err;
    return {
      statusCode: 400,
      code: err.code,
      error: 'Bad Request',
      message: err.message,
      problems: err.problems,
    };
  };

  app.get(
    '/scripts',
    {
      onRequest: read,
      schema: {
        tags,
        summary: 'All script versions (without content), by key, newest version first',
        querystring: ScriptListQuery,
        response: { 200: Type.Array(ScriptSummary), ...errors() },
      },
    },
    async (request) => listScripts(app.db, request.query),
  );

  app.get(
    '/scripts/for-call/:callId',
    {
      onRequest: read,
      schema: {
        tags,
        summary:
          "The call's script: the newest published version live when the call was offered, by precedence line + audience > line > queue + audience > queue (matchedBy), then the user's language (content translated into it when the script has it); kept on the call once shown; with the placeholders' values and the script experiment that picked the version",
        params: CallIdParams,
        querystring: ForCallQuery,
        response: { 200: ScriptForCall, ...errors(404) },
      },
    },
    async (request) => {
      const user = await app.db.user.findUnique({ where: { id: request.user.id }, select: { locale: true } });
      return scriptForCall(
        app.db,
        request.params.callId,
        request.query.lang ?? user?.locale ?? 'zh-CN',
        request.user.displayName,
      );
    },
  );

  app.get(
    '/scripts/:key',
    {
      onRequest: read,
      schema: {
        tags,
        summary: 'Every version of one script, newest first',
        params: ScriptKeyParams,
        response: { 200: Type.Array(ScriptView), ...errors(404) },
      },
    },
    async (request) => scriptVersions(app.db, request.params.key),
  );

  app.post(
    '/scripts',
    {
      onRequest: author,
      schema: {
        tags,
        summary:
          'Save the next version of a script (version 1 for a new key), published at once unless status is draft; a published save must pass the check (400 SCRIPT_PROBLEMS)',
        body: NewScriptBody,
        response: { 201: ScriptView, ...errors(404, 409), 400: ScriptProblemsError },
      },
    },
    async (request, reply) => {
      try {
        return reply.status(201).send(await createScriptVersion(app.db, request.body, request.user));
      } catch (err) {
        return reply.status(400).send(problemsReply(err));
      }
    },
  );

  app.put(
    '/scripts/:key/draft',
    {
      onRequest: author,
      schema: {
        tags,
        summary:
          "Save the key's draft (created as version max+1, or updated in place); the content needs the right shape only (audited)",
        params: ScriptKeyParams,
        body: ScriptDraftBody,
        response: { 200: ScriptView, ...errors(404, 409) },
      },
    },
    async (request) => saveDraft(app.db, request.params.key, request.body, request.user),
  );

  app.delete(
    '/scripts/:key/draft',
    {
      onRequest: author,
      schema: {
        tags,
        summary: "Discard the key's draft (audited)",
        params: ScriptKeyParams,
        response: { 204: Type.Null(), ...errors(404) },
      },
    },
    async (request, reply) => {
      await discardDraft(app.db, request.params.key, request.user);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/scripts/:key/publish',
    {
      onRequest: author,
      schema: {
        tags,
        summary:
          'Publish the draft: new calls get it, calls already shown a version keep theirs; 400 SCRIPT_PROBLEMS with the problems when the check finds errors (audited)',
        params: ScriptKeyParams,
        response: { 200: ScriptView, ...errors(404), 400: ScriptProblemsError },
      },
    },
    async (request, reply) => {
      try {
        return await publishDraft(app.db, request.params.key, request.user);
      } catch (err) {
        return reply.status(400).send(problemsReply(err));
      }
    },
  );

  app.post(
    '/scripts/check',
    {
      onRequest: readers,
      schema: {
        tags,
        summary:
          'Check script content as the designer edits it: errors (shape, no_start, broken_link, unknown_rule, capture_field) block publishing, warnings (dead_end, unreachable, missing_translation) do not',
        body: ScriptCheckBody,
        response: { 200: ScriptCheckResult, ...errors() },
      },
    },
    async (request) => ({ problems: await checkScript(app.db, request.body.content, request.body.language) }),
  );

  app.post(
    '/scripts/preview',
    {
      onRequest: readers,
      schema: {
        tags,
        summary:
          "What the console would show for this content: localized to language, with the placeholders' values for a chosen customer and agent name",
        body: ScriptPreviewBody,
        response: { 200: ScriptPreview, ...errors(404) },
      },
    },
    async (request) => previewScript(app.db, request.body),
  );

  app.get(
    '/scripts/:key/versions/:version/stats',
    {
      onRequest: readers,
      schema: {
        tags,
        summary:
          'How one version did on the calls given it (offeredAt in from..to): answers, completion, per-node answer counts, offers made and accepted',
        params: ScriptVersionParams,
        querystring: ScriptStatsQuery,
        response: { 200: ScriptVersionStats, ...errors(404) },
      },
    },
    async (request) => scriptVersionStats(app.db, request.params.key, request.params.version, request.query),
  );

  app.put(
    '/interactions/:callId/script-answers',
    {
      onRequest: onCall,
      schema: {
        tags,
        summary: "Replace the call's script answers (the agent on the call or a supervisor)",
        params: CallIdParams,
        body: ScriptAnswersBody,
        response: { 200: ScriptAnswersView, ...errors(404) },
      },
    },
    async (request) =>
      saveScriptAnswers(app.db, request.user, request.params.callId, request.body, liveCallOf),
  );
};

export default scripts;
