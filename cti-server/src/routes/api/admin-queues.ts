import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BadRequestError, CtiError } from '../../errors.js';
import { IdParams, errors } from '../../schemas/common.js';
import {
  AdminQueueList,
  AdminQueueResponse,
  CodeList,
  CodeListBody,
  MusicUploadQuery,
  NewQueueBody,
  QueueMembers,
  QueuePatchBody,
} from '../../schemas/admin-queues.js';
import { WavUploadError } from '../../services/audio/wav-convert.js';
import { convertInWorker } from '../../services/audio/wav-convert-thread.js';
import { listCodes, replaceCodes, type CodeKey } from '../../services/admin/codes.js';
import {
  createQueue,
  getQueue,
  listQueues,
  queueMembers,
  setMusicOnHold,
  setQueueActive,
  updateQueue,
} from '../../services/admin/queues.js';

class FileTooLargeError extends CtiError {
  readonly code = 'FILE_TOO_LARGE';
  readonly statusCode = 413;
}

/** Music on hold may play at most this long (it loops). */
export const MUSIC_MAX_SECONDS = 600;
/** The largest WAV accepted: 64 MiB, about 6 minutes of CD-quality stereo. */
export const MUSIC_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Queues, not-ready reason codes and dispositions (issue 14). Admins write; supervisors read;
 * agents and marketing get 403. Every write is audited and published on `app.configChanges`
 * after it committed, so the running ACD (skills, strategy, timers, wrap-up, overflow, a
 * disabled queue), call control (music on hold, announcements) and the IVR use it for the next
 * call without a restart.
 */
const adminQueues: FastifyPluginAsyncTypebox = async (app) => {
  const admins = app.authorize('admin');
  const staff = app.authorize('supervisor', 'admin');
  const tags = ['administration'];

  const changed = (id: string) => app.configChanges.publish({ kind: 'queue', id });

  // Music on hold arrives as the file itself (Content-Type audio/wav), not as JSON. Any audio/*
  // type is read, so that a file that is not a WAV gets a 400 saying so.
  for (const type of [/^audio\//, 'application/octet-stream'])
    app.addContentTypeParser(
      type,
      { parseAs: 'buffer', bodyLimit: MUSIC_MAX_BYTES },
      (_request, body, done) => done(null, body),
    );

  app.get(
    '/admin/queues',
    { onRequest: staff, schema: { tags, response: { 200: AdminQueueList, ...errors() } } },
    async () => ({ queues: await listQueues(app.db) }),
  );

  app.get(
    '/admin/queues/:id',
    {
      onRequest: staff,
      schema: { tags, params: IdParams, response: { 200: AdminQueueResponse, ...errors(404) } },
    },
    async (request) => ({ queue: await getQueue(app.db, request.params.id) }),
  );

  app.post(
    '/admin/queues',
    {
      onRequest: admins,
      schema: {
        tags,
        summary: 'Create a queue (its name is fixed: IVR flows, transfers and voicemail use it)',
        body: NewQueueBody,
        response: { 201: AdminQueueResponse, ...errors(409) },
      },
    },
    async (request, reply) => {
      const queue = await createQueue(app.db, request.user, request.body);
      await changed(queue.id);
      return reply.status(201).send({ queue });
    },
  );

  app.patch(
    '/admin/queues/:id',
    {
      onRequest: admins,
      schema: {
        tags,
        summary: 'Change a queue; the running ACD uses it for the next routing decision and offer',
        params: IdParams,
        body: QueuePatchBody,
        response: { 200: AdminQueueResponse, ...errors(404) },
      },
    },
    async (request) => {
      const queue = await updateQueue(app.db, request.user, request.params.id, request.body);
      await changed(queue.id);
      return { queue };
    },
  );

  for (const action of ['disable', 'enable'] as const) {
    app.post(
      `/admin/queues/:id/${action}`,
      {
        onRequest: admins,
        schema: {
          tags,
          summary:
            action === 'disable'
              ? 'Disable a queue: no new calls (its overflow takes them), calls waiting are served; refused while a line or queue sends calls to it'
              : 'Enable a disabled queue',
          params: IdParams,
          response: { 200: AdminQueueResponse, ...errors(404, 409) },
        },
      },
      async (request) => {
        const queue = await setQueueActive(app.db, request.user, request.params.id, action === 'enable');
        await changed(queue.id);
        return { queue };
      },
    );
  }

  app.post(
    '/admin/queues/:id/music-on-hold',
    {
      onRequest: admins,
      bodyLimit: MUSIC_MAX_BYTES,
      schema: {
        tags,
        summary:
          'Upload music on hold: the WAV file as the body (Content-Type audio/wav; PCM 8–32-bit or float, any rate, mono or stereo, at most 10 minutes and 64 MiB), stored as 8 kHz mono',
        consumes: ['audio/wav'],
        params: IdParams,
        querystring: MusicUploadQuery,
        response: { 200: AdminQueueResponse, ...errors(404, 413, 415) },
      },
      errorHandler: (err) => {
        if ((err as { statusCode?: number }).statusCode === 413)
          throw new FileTooLargeError(
            `the file is larger than ${MUSIC_MAX_BYTES / 1024 / 1024} MiB: convert it to mono or a lower sample rate, or shorten it`,
          );
        throw err;
      },
    },
    async (request) => {
      const body = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0)
        throw new BadRequestError(
          'send the WAV file as the request body (Content-Type audio/wav)',
          'NOT_WAV',
        );
      await getQueue(app.db, request.params.id);
      let audio;
      try {
        audio = await convertInWorker(body, MUSIC_MAX_SECONDS);
      } catch (err) {
        if (err instanceof WavUploadError)
          throw new BadRequestError(err.message, err.kind === 'too_long' ? 'AUDIO_TOO_LONG' : 'NOT_WAV');
        throw err;
      }
      const queue = await setMusicOnHold(app.db, request.user, request.params.id, {
        originalName: request.query.filename ?? 'music.wav',
        pcm: audio.pcm,
        durationMs: audio.durationMs,
      });
      await changed(queue.id);
      return { queue };
    },
  );

  app.delete(
    '/admin/queues/:id/music-on-hold',
    {
      onRequest: admins,
      schema: {
        tags,
        summary: 'Back to the built-in music on hold',
        params: IdParams,
        response: { 200: AdminQueueResponse, ...errors(404) },
      },
    },
    async (request) => {
      const queue = await setMusicOnHold(app.db, request.user, request.params.id, null);
      await changed(queue.id);
      return { queue };
    },
  );

  app.get(
    '/admin/queues/:id/members',
    {
      onRequest: staff,
      schema: {
        tags,
        summary:
          'Agents who can serve the queue (every required skill at its minimum), with a warning when nobody can',
        params: IdParams,
        response: { 200: QueueMembers, ...errors(404) },
      },
    },
    async (request) => queueMembers(app.db, request.params.id),
  );

  const codeRoutes: Array<[path: string, key: CodeKey, what: string]> = [
    [
      '/admin/not-ready-reasons',
      'notReadyReasons',
      'Not-ready reason codes agents pick (system codes are always accepted)',
    ],
    [
      '/admin/dispositions',
      'dispositions',
      'Disposition codes for wrap-up (a code a queue lists cannot be removed)',
    ],
  ];
  for (const [path, key, what] of codeRoutes) {
    app.get(
      path,
      { onRequest: staff, schema: { tags, summary: what, response: { 200: CodeList, ...errors() } } },
      async () => ({ codes: await listCodes(app.db, key) }),
    );
    app.put(
      path,
      {
        onRequest: admins,
        schema: {
          tags,
          summary: `${what}: the whole list, each code with its zh-CN and English labels`,
          body: CodeListBody,
          response: { 200: CodeList, ...errors(409) },
        },
      },
      async (request) => {
        const codes = await replaceCodes(app.db, request.user, key, request.body.codes);
        await app.configChanges.publish({ kind: 'setting', key });
        return { codes };
      },
    );
  }
};

export default adminQueues;
