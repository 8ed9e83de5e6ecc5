import fp from 'fastify-plugin';
import type { Clock } from '../../clock/index.js';
import { loadIvrFlows, type IvrFlows } from '../../ivr/load-ivr-flows.js';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * The server's IVR flows (built-in ones, then `IVR_FLOWS_DIR`'s, reloaded when they change):
     * the one registry the IVR launcher starts calls from and the administration lists.
     */
    ivrFlows: IvrFlows;
  }
}

export interface IvrFlowsPluginOptions {
  flowsDir: string | undefined;
  clock: Clock;
  /**
   * Refuse to start when a line names a flow that is not loaded (the SIP side: no call may hit a
   * missing flow). Without SIP the administration lists such a line as a problem instead.
   */
  checkLines: boolean;
}

/** Loads the flows once at start, checked against the queues in the database. */
export default fp<IvrFlowsPluginOptions>(
  async (app, { flowsDir, clock, checkLines }) => {
    const logFn = (level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) =>
      app.log[level](data ?? {}, message);
    const flows = await loadIvrFlows({
      knownQueues: (await app.db.queue.findMany({ select: { name: true } })).map((q) => q.name),
      lines: checkLines ? await app.db.line.findMany({ select: { dnis: true, ivrFlow: true } }) : [],
      ...(flowsDir && { dir: flowsDir }),
      clock,
      log: logFn,
    });
    app.decorate('ivrFlows', flows);
    app.addHook('onClose', () => flows.close());
  },
  { name: 'ivr-flows', dependencies: ['prisma'] },
);
