import type { Db } from '@kefu/db';
import {
  lineCalendar,
  type CustomerQuery,
  type CustomerSummary,
  type FlowRegistry,
  type IvrCallInput,
  type LifecycleStage,
} from '@kefu/ivr-flows';
import type { IvrLauncher } from '../../call/call-control-deps.js';
import { touches, type ConfigChanges } from '../config/config-changes.js';
import { identifyCaller } from '../crm/customer-service.js';
import type { Clock } from '../../clock/index.js';
import { IvrRunner } from '../../ivr/index.js';
import type { PromptFiles } from '../../ivr/leg-prompt-player.js';
import type { LogFn } from '../../prompts/log.js';
import type { MediaPlane } from '../../rtp/media-plane.js';

export interface IvrLauncherOptions {
  db: Db;
  plane: MediaPlane;
  registry: FlowRegistry;
  prompts: PromptFiles;
  phoneRegion: string;
  log?: LogFn;
  /**
   * The flows' timers (menu timeouts); `systemClock` by default. Pass the clock `loadIvrFlows`
   * compiled the flows with.
   */
  clock?: Clock;
  /**
   * Line rows are re-read at most this often (hours and holidays change at run time); a database
   * cache, so it runs on the wall clock.
   */
  lineCacheMs?: number;
  /** Lines and queues changed by the administration are re-read at once. */
  configChanges?: ConfigChanges;
}

interface LineSettings {
  timeZone: string;
  language: string;
  businessHours: unknown;
  holidays: unknown;
  name: string;
}

/**
 * Starts a line's IVR flow on a caller's leg: the current version of the flow (calls keep the
 * version they started with), the line's hours, holidays, time zone and language, and CRM
 * lookups by ANI, account number or order number.
 */
export async function createIvrLauncher(options: IvrLauncherOptions): Promise<IvrLauncher> {
  const { db, registry, log } = options;
  // Flows name queues; a queue created while the server runs becomes reachable at once.
  const readQueues = async () =>
    new Map((await db.queue.findMany({ select: { id: true, name: true } })).map((q) => [q.name, q.id]));
  let queues = await readQueues();
  let lines: { at: number; byId: Map<string, LineSettings> } | undefined;
  options.configChanges?.subscribe(async (change) => {
    if (touches(change, 'line')) lines = undefined;
    if (touches(change, 'queue')) queues = await readQueues();
  });
  const lineSettings = async (lineId: string) => {
    if (!lines || Date.now() - lines.at > (options.lineCacheMs ?? 5_000)) {
      const rows = await db.line.findMany({
        select: { id: true, name: true, timeZone: true, language: true, businessHours: true, holidays: true },
      });
      lines = { at: Date.now(), byId: new Map(rows.map((r) => [r.id, r])) };
    }
    return lines.byId.get(lineId);
  };

  return {
    queueIdOf: (name) => queues.get(name),
    launch(call, onStep) {
      const flow = registry.get(call.flowId);
      if (!flow) return null;
      let runner: IvrRunner | undefined;
      let hungUp = false;
      return {
        // The line's calendar and language are read when the flow starts (they change at run time).
        start: async () => {
          const input: IvrCallInput = {
            ani: call.ani,
            dnis: call.dnis,
            callId: call.callId,
            priority: call.priority,
          };
          const line = await lineSettings(call.lineId).catch(() => undefined);
          if (line) {
            input.language = line.language;
            try {
              input.calendar = lineCalendar(line, flow.definition.calendar, line.name);
            } catch (err) {
              log?.('warn', 'line hours unusable; the flow calendar applies', {
                line: line.name,
                err: String(err),
              });
            }
          }
          runner = new IvrRunner({
            plane: options.plane,
            sessionId: call.sessionId,
            legId: call.legId,
            machine: flow.machine,
            input,
            prompts: options.prompts,
            // "Who is calling" is the customer call control found (the screen pop shows the same).
            lookupCustomer: (query) =>
              query.by === 'ani' && query.value === call.ani
                ? call.customerId
                  ? customerSummary(db, call.customerId)
                  : Promise.resolve(null)
                : findCustomer(db, options.phoneRegion, query),
            onStep,
            ...(options.clock && { clock: options.clock }),
            ...(log && { log }),
          });
          if (hungUp) runner.hangup();
          return runner.start();
        },
        dtmf: (digit) => runner?.dtmf(digit),
        playDone: (playId) => runner?.playDone(playId) ?? false,
        hangup: () => {
          hungUp = true;
          runner?.hangup();
        },
      };
    },
  };
}

async function findCustomer(db: Db, region: string, query: CustomerQuery): Promise<CustomerSummary | null> {
  const value = query.value.trim();
  if (!value) return null;
  let customerId: string | null = null;
  if (query.by === 'ani') {
    customerId = (await identifyCaller(db, value, region)).customerId;
  } else if (query.by === 'account') {
    customerId =
      (await db.customer.findUnique({ where: { accountNumber: value }, select: { id: true } }))?.id ?? null;
  } else {
    customerId =
      (await db.order.findUnique({ where: { number: value }, select: { customerId: true } }))?.customerId ??
      null;
  }
  return customerId ? customerSummary(db, customerId) : null;
}

async function customerSummary(db: Db, customerId: string): Promise<CustomerSummary | null> {
  const c = await db.customer.findUnique({
    where: { id: customerId },
    select: {
      id: true,
      name: true,
      accountNumber: true,
      language: true,
      vipTier: true,
      lifecycleStage: true,
      tickets: {
        where: { type: 'complaint', status: { notIn: ['resolved', 'closed'] } },
        select: { id: true },
        take: 1,
      },
    },
  });
  if (!c) return null;
  return {
    id: c.id,
    name: c.name,
    accountNumber: c.accountNumber,
    language: c.language,
    vipTier: c.vipTier,
    lifecycleStage: c.lifecycleStage as LifecycleStage,
    openComplaint: c.tickets.length > 0,
  };
}
