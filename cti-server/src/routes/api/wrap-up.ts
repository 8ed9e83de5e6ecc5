import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, errors } from '../../schemas/common.js';
import {
  CallWrapUpBody,
  FollowUpListQuery,
  FollowUpPatchBody,
  FollowUpView,
  WrapUpResult,
} from '../../schemas/follow-ups.js';
import { CallIdParams } from '../../schemas/scripts.js';
import { LabelledCode } from '../../schemas/console-config.js';
import {
  dispositionsForCall,
  listFollowUps,
  updateFollowUp,
  wrapUpCall,
} from '../../services/console/wrap-up-service.js';

/** After-call work: disposition, notes and follow-up tasks. */
const wrapUp: FastifyPluginAsyncTypebox = async (app) => {
  const staff = app.authorize('agent', 'supervisor', 'admin');

  app.post(
    '/interactions/:callId/wrap-up',
    {
      onRequest: staff,
      schema: {
        tags: ['interactions'],
        summary: 'Disposition, notes and an optional follow-up for a call (the agent on it or a supervisor)',
        params: CallIdParams,
        body: CallWrapUpBody,
        response: { 200: WrapUpResult, ...errors(404) },
      },
    },
    async (request) =>
      wrapUpCall(app.db, request.user, request.params.callId, request.body, {
        liveCallOf: (agentId) => app.acd.agentContext(agentId)?.callId ?? null,
        setAcdDisposition: (agentId, callId, code) => {
          const ctx = app.acd.agentContext(agentId);
          return ctx?.status === 'wrap_up' && ctx.callId === callId && app.acd.setDisposition(agentId, code);
        },
      }),
  );

  app.get(
    '/interactions/:callId/dispositions',
    {
      onRequest: staff,
      schema: {
        tags: ['interactions'],
        summary:
          "The dispositions this call may be given: its queue's list, else all (the agent on it or a supervisor)",
        params: CallIdParams,
        response: { 200: Type.Object({ dispositions: Type.Array(LabelledCode) }), ...errors(404) },
      },
    },
    async (request) =>
      dispositionsForCall(
        app.db,
        request.user,
        request.params.callId,
        (agentId) => app.acd.agentContext(agentId)?.callId ?? null,
      ),
  );

  app.get(
    '/follow-ups',
    {
      onRequest: staff,
      schema: {
        tags: ['follow-ups'],
        summary: "Follow-up tasks, soonest due first: agents get their own, supervisors anyone's",
        querystring: FollowUpListQuery,
        response: { 200: Type.Array(FollowUpView), ...errors(403) },
      },
    },
    async (request) => listFollowUps(app.db, request.user, request.query),
  );

  app.patch(
    '/follow-ups/:id',
    {
      onRequest: staff,
      schema: {
        tags: ['follow-ups'],
        params: IdParams,
        body: FollowUpPatchBody,
        response: { 200: FollowUpView, ...errors(404) },
      },
    },
    async (request) => updateFollowUp(app.db, request.user, request.params.id, request.body),
  );
};

export default wrapUp;
