import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CALL_PHASES } from '../../call/call-lifecycle.js';
import type { InboundCall } from '../../call/inbound-call.js';
import { ConferenceError } from '../../call/conference.js';
import { MonitorError } from '../../call/supervisor-monitor.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import { errors } from '../../schemas/common.js';

const MonitorMode = Type.Union([Type.Literal('listen'), Type.Literal('whisper'), Type.Literal('barge')]);

const LiveCall = Type.Object({
  callId: Type.String(),
  state: Type.Enum(CALL_PHASES),
  ani: Type.Union([Type.String(), Type.Null()]),
  dnis: Type.String(),
  customerId: Type.Union([Type.String(), Type.Null()]),
  queueId: Type.Union([Type.String(), Type.Null()]),
  agentExtension: Type.Union([Type.String(), Type.Null()]),
  onHold: Type.Boolean(),
  monitor: Type.Union([MonitorMode, Type.Null()]),
});

const CallParams = Type.Object({ callId: Type.String({ minLength: 1, maxLength: 64 }) });

/**
 * Supervisors' listen-in / whisper / barge on calls in progress (the list of calls is the
 * ACD's `GET /api/calls`). The
 * supervisor's phone (their own extension, or one they name) is called by the server and
 * joined to the call's media.
 */
const calls: FastifyPluginAsyncTypebox = async (app) => {
  const supervisors = app.authorize('supervisor', 'admin');
  const tags = ['calls'];

  const control = () => {
    if (!app.hasDecorator('sip')) throw new ConflictError('SIP is not enabled on this server');
    return app.sip.calls;
  };
  const find = (callId: string): InboundCall => {
    const call = control().call(callId);
    if (!call) throw new NotFoundError('call in progress', callId);
    return call;
  };
  const view = (call: InboundCall) => ({
    ...call.payload(),
    state: call.state,
    agentExtension: call.agent?.extension ?? null,
    onHold: call.onHold,
    monitor: control().monitors.modeOf(call) ?? null,
  });
  const asHttp = (err: unknown): never => {
    if (err instanceof MonitorError)
      throw err.status === 404 ? new NotFoundError('monitor of call', '') : new ConflictError(err.message);
    throw err;
  };

  app.post(
    '/calls/:callId/monitor',
    {
      onRequest: supervisors,
      schema: {
        tags,
        summary: 'Call the supervisor’s phone into a connected call (listen, whisper or barge)',
        params: CallParams,
        body: Type.Object({
          mode: MonitorMode,
          /** The phone to ring; default the supervisor's own extension. */
          extension: Type.Optional(Type.String({ pattern: '^[0-9]{2,8}$' })),
        }),
        response: { 202: LiveCall, ...errors(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const call = find(request.params.callId);
      const extension = request.body.extension ?? request.user.extension;
      if (!extension) throw new BadRequestError('you have no extension of your own: name the phone to ring');
      const supervisor = { userId: request.user.id, name: request.user.displayName };
      await control().monitors.start(call, extension, request.body.mode, supervisor).catch(asHttp);
      return reply.status(202).send(view(call));
    },
  );

  app.post(
    '/calls/:callId/conference',
    {
      onRequest: app.authorize('agent'),
      schema: {
        tags,
        summary: 'Three-way call: the caller, you and the agent you are consulting (mixed on the server)',
        description:
          'After a consult from your phone is connected: the caller comes off hold and hears both ' +
          'agents, who hear each other and the caller. If you then hang up the customer call, the ' +
          'caller stays with the consulted agent.',
        params: CallParams,
        response: { 200: LiveCall, ...errors(403, 404, 409) },
      },
    },
    async (request) => {
      const call = find(request.params.callId);
      if (!call.agent || call.agent.extension !== request.user.extension)
        throw new ForbiddenError('only the agent on this call may make it a conference');
      await control()
        .agentCalls.conference(call)
        .catch((err: unknown) => {
          if (err instanceof ConferenceError) throw new ConflictError(err.message);
          throw err;
        });
      return view(call);
    },
  );

  app.patch(
    '/calls/:callId/monitor',
    {
      onRequest: supervisors,
      schema: {
        tags,
        summary: 'Switch between listen, whisper and barge',
        params: CallParams,
        body: Type.Object({ mode: MonitorMode }),
        response: { 200: LiveCall, ...errors(404) },
      },
    },
    async (request) => {
      const call = find(request.params.callId);
      await control().monitors.setMode(call, request.body.mode).catch(asHttp);
      return view(call);
    },
  );

  app.delete(
    '/calls/:callId/monitor',
    {
      onRequest: supervisors,
      schema: {
        tags,
        summary: 'Stop monitoring (hangs up the supervisor’s phone)',
        params: CallParams,
        response: { 204: Type.Null(), ...errors(404) },
      },
    },
    async (request, reply) => {
      control().monitors.stop(find(request.params.callId));
      return reply.status(204).send(null);
    },
  );
};

export default calls;
