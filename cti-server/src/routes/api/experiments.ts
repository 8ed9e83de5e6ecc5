import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, errors } from '../../schemas/common.js';
import {
  ExperimentPatchBody,
  ExperimentResults,
  ExperimentView,
  NewExperimentBody,
} from '../../schemas/experiments.js';
import {
  createExperiment,
  experimentResults,
  listExperiments,
  startExperiment,
  stopExperiment,
  updateExperiment,
} from '../../services/marketing/experiment-service.js';

/**
 * A/B experiments (issue 16): two published versions of a script, or two cross-sell rules, split
 * per call. Marketing and admins write (audited); supervisors read.
 */
const experiments: FastifyPluginAsyncTypebox = async (app) => {
  const read = app.authorize('marketing', 'supervisor', 'admin');
  const write = app.authorize('marketing', 'admin');
  const tags = ['marketing'];

  app.get(
    '/experiments',
    {
      onRequest: read,
      schema: {
        tags,
        summary: 'Experiments, newest first',
        response: { 200: Type.Array(ExperimentView), ...errors() },
      },
    },
    async () => listExperiments(app.db),
  );

  app.post(
    '/experiments',
    {
      onRequest: write,
      schema: {
        tags,
        summary:
          'Create a draft experiment (script: two published versions of scriptKey; offer: two rule ids)',
        body: NewExperimentBody,
        response: { 201: ExperimentView, ...errors() },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createExperiment(app.db, request.body, request.user)),
  );

  app.patch(
    '/experiments/:id',
    {
      onRequest: write,
      schema: {
        tags,
        summary: 'Rename; change the split or the variants while a draft',
        params: IdParams,
        body: ExperimentPatchBody,
        response: { 200: ExperimentView, ...errors(404, 409) },
      },
    },
    async (request) => updateExperiment(app.db, request.params.id, request.body, request.user),
  );

  app.post(
    '/experiments/:id/start',
    {
      onRequest: write,
      schema: {
        tags,
        summary: 'Draft → running; 409 when another running experiment uses the same script key or rule',
        params: IdParams,
        response: { 200: ExperimentView, ...errors(404, 409) },
      },
    },
    async (request) => startExperiment(app.db, request.params.id, request.user),
  );

  app.post(
    '/experiments/:id/stop',
    {
      onRequest: write,
      schema: {
        tags,
        summary: 'Running → stopped (calls keep their assignment; new calls are not split)',
        params: IdParams,
        response: { 200: ExperimentView, ...errors(404, 409) },
      },
    },
    async (request) => stopExperiment(app.db, request.params.id, request.user),
  );

  app.get(
    '/experiments/:id/results',
    {
      onRequest: read,
      schema: {
        tags,
        summary:
          'Per variant: calls, completion, offers, conversion; each rate compared by a two-proportion z-test (two-sided, pooled)',
        params: IdParams,
        response: { 200: ExperimentResults, ...errors(404) },
      },
    },
    async (request) => experimentResults(app.db, request.params.id),
  );
};

export default experiments;
