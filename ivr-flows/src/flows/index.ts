import type { FlowDefinition } from '../flow-definition.js';
import { salesHotline } from './sales-hotline.js';
import { serviceHotline } from './service-hotline.js';

/** Flows shipped with kefu, keyed by flow id (what `Line.ivrFlow` holds). */
export const flows: Record<string, FlowDefinition> = {
  [salesHotline.id]: salesHotline,
  [serviceHotline.id]: serviceHotline,
};

/** The demo lines' bindings as seeded in the DB, for the simulator and tests (DNIS → flow id). */
export const demoLines: Record<string, string> = {
  '4008001000': salesHotline.id,
  '4008002000': serviceHotline.id,
};

/** Queues the demo flows hand calls to (seeded by the foundation issue). */
export const demoQueues: readonly string[] = ['sales', 'service'];

export { salesHotline, serviceHotline };
