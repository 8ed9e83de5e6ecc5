import { checkLineFlows, flows as builtInFlows, FlowRegistry, type LineFlowBinding } from '@kefu/ivr-flows';
import { systemClock, type Clock } from '../clock/index.js';
import type { LogFn } from '../prompts/log.js';

export interface LoadIvrFlowsOptions {
  /** Queue names in the database: a flow handing calls to any other queue is refused. */
  knownQueues: readonly string[];
  /** Every line's binding (`Line.dnis`, `Line.ivrFlow`): a line naming no loaded flow fails the start. */
  lines: readonly LineFlowBinding[];
  /**
   * Flow files (.ts/.mjs/.js/.json) loaded after the built-in flows (same id = override) and
   * reloaded when they change. Calls in progress keep the version they started with.
   */
  dir?: string;
  /**
   * The time flows read (path entries, business hours); compiled into every flow, so pass the
   * clock the calls' runners get. `systemClock` by default.
   */
  clock?: Pick<Clock, 'now'>;
  log?: LogFn;
}

export interface IvrFlows {
  registry: FlowRegistry;
  /** Stops watching `dir`. */
  close(): void;
}

/**
 * The server's flows, checked at start-up: every flow is validated (prompts, steps, targets,
 * queues: FlowValidationError names flow, file and step) and every line's flow id must resolve
 * (LineFlowError). After start-up a bad edit of a watched file is logged and the last good
 * version stays in service.
 */
export async function loadIvrFlows(options: LoadIvrFlowsOptions): Promise<IvrFlows> {
  const { log, clock = systemClock } = options;
  const startupErrors: unknown[] = [];
  let starting = true;
  const registry = new FlowRegistry({
    knownQueues: options.knownQueues,
    compile: { now: () => clock.now() },
    onLoad: (v) => {
      if (!starting)
        log?.('info', 'IVR flow reloaded', { flowId: v.flowId, version: v.version, source: v.source });
    },
    onError: (error, source) => {
      if (starting) startupErrors.push(error);
      else
        log?.('error', 'IVR flow edit rejected; the previous version stays in service', {
          source,
          err: String(error),
        });
    },
  });
  for (const flow of Object.values(builtInFlows)) registry.register(flow, 'built-in');
  const watcher = options.dir ? await registry.watch(options.dir) : { close: () => undefined };
  starting = false;
  try {
    if (startupErrors.length === 1) throw startupErrors[0];
    if (startupErrors.length > 1)
      throw new AggregateError(startupErrors, `${startupErrors.length} IVR flow files are invalid`);
    checkLineFlows(options.lines, registry);
  } catch (error) {
    watcher.close();
    throw error;
  }
  log?.('info', 'IVR flows loaded', {
    flows: registry.flowIds().map((id) => `${id}@${registry.get(id)?.version}`),
  });
  return { registry, close: () => watcher.close() };
}
