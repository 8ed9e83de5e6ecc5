// The queue form's values ↔ the API's bodies (pure, tested): what the drawer edits is flat and
// Ant Design friendly; what is sent is a NewQueue or only the fields that changed (QueuePatch).
import type { AdminQueue, NewQueue, QueuePatch, QueueStrategy } from '@kefu/cti-server/contract';

export const QUEUE_NAME_PATTERN = /^[a-z0-9_-]{1,40}$/;
export const CODE_PATTERN = /^[a-z0-9_]{1,40}$/;
export const STRATEGIES: QueueStrategy[] = [
  'least_busy',
  'longest_idle',
  'fewest_calls',
  'most_proficient',
  'round_robin',
];
export type OverflowKind = 'none' | 'queue' | 'voicemail' | 'callback';

export interface StepValues {
  afterSeconds: number;
  minProficiency?: number | null;
  dropSkills?: string[];
  addSkills?: string[];
  anyLanguage?: boolean;
}

export interface QueueFormValues {
  name: string;
  displayName: string;
  skills: Array<{ skill: string; minProficiency: number }>;
  strategy: QueueStrategy;
  relaxation: StepValues[];
  basePriority: number;
  serviceLevelSeconds: number;
  serviceLevelTarget: number;
  maxWaitSeconds: number;
  overflowKind: OverflowKind;
  overflowQueueId?: string | null;
  ringTimeoutSeconds?: number | null;
  wrapUpSeconds: number;
  requireDisposition: boolean;
  /** Empty: every disposition. */
  dispositions: string[];
  announceEverySeconds?: number | null;
}

export const NEW_QUEUE: QueueFormValues = {
  name: '',
  displayName: '',
  skills: [],
  strategy: 'least_busy',
  relaxation: [],
  basePriority: 0,
  serviceLevelSeconds: 20,
  serviceLevelTarget: 80,
  maxWaitSeconds: 600,
  overflowKind: 'none',
  overflowQueueId: null,
  ringTimeoutSeconds: null,
  wrapUpSeconds: 30,
  requireDisposition: false,
  dispositions: [],
  announceEverySeconds: null,
};

export function queueFormValues(q: AdminQueue): QueueFormValues {
  return {
    name: q.name,
    displayName: q.displayName,
    skills: q.skills.map((s) => ({ skill: s.skill, minProficiency: s.minProficiency })),
    strategy: q.strategy,
    relaxation: q.relaxation.map((s) => ({
      afterSeconds: s.afterSeconds,
      minProficiency: s.minProficiency ?? null,
      dropSkills: s.dropSkills ?? [],
      addSkills: (s.addSkills ?? []).map((a) => a.skill),
      anyLanguage: s.anyLanguage ?? false,
    })),
    basePriority: q.basePriority,
    serviceLevelSeconds: q.serviceLevelSeconds,
    serviceLevelTarget: q.serviceLevelTarget,
    maxWaitSeconds: q.maxWaitSeconds,
    overflowKind: q.overflow.kind,
    overflowQueueId: q.overflow.kind === 'queue' ? q.overflow.queueId : null,
    ringTimeoutSeconds: q.ringTimeoutSeconds,
    wrapUpSeconds: q.wrapUpSeconds,
    requireDisposition: q.requireDisposition,
    dispositions: q.dispositions ?? [],
    announceEverySeconds: q.announceEverySeconds,
  };
}

/** Every editable field as the API takes it. */
function fields(v: QueueFormValues): Required<QueuePatch> {
  return {
    displayName: v.displayName.trim(),
    skills: v.skills.filter((s) => s.skill),
    strategy: v.strategy,
    relaxation: v.relaxation.map((s) => ({
      afterSeconds: s.afterSeconds,
      ...(s.minProficiency ? { minProficiency: s.minProficiency } : {}),
      ...(s.dropSkills?.length ? { dropSkills: s.dropSkills } : {}),
      ...(s.addSkills?.length ? { addSkills: s.addSkills.map((skill) => ({ skill })) } : {}),
      ...(s.anyLanguage ? { anyLanguage: true } : {}),
    })),
    basePriority: v.basePriority ?? 0,
    serviceLevelSeconds: v.serviceLevelSeconds,
    serviceLevelTarget: v.serviceLevelTarget,
    maxWaitSeconds: v.maxWaitSeconds,
    overflow:
      v.overflowKind === 'queue'
        ? { kind: 'queue', queueId: v.overflowQueueId ?? '' }
        : { kind: v.overflowKind },
    ringTimeoutSeconds: v.ringTimeoutSeconds ?? null,
    wrapUpSeconds: v.wrapUpSeconds,
    requireDisposition: v.requireDisposition,
    dispositions: v.dispositions.length > 0 ? v.dispositions : null,
    announceEverySeconds: v.announceEverySeconds ?? null,
  };
}

export function toNewQueue(v: QueueFormValues): NewQueue {
  return { name: v.name.trim(), ...fields(v) };
}

/** Only what differs from the queue as loaded. */
export function toQueuePatch(q: AdminQueue, v: QueueFormValues): QueuePatch {
  const before = fields(queueFormValues(q));
  const after = fields(v);
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(after) as Array<keyof typeof after>)
    if (JSON.stringify(after[key]) !== JSON.stringify(before[key])) patch[key] = after[key];
  return patch as QueuePatch;
}

/** The first code listed twice, or null. */
export function duplicateCode(codes: Array<{ code: string }>): string | null {
  const seen = new Set<string>();
  for (const { code } of codes) {
    if (seen.has(code)) return code;
    seen.add(code);
  }
  return null;
}
