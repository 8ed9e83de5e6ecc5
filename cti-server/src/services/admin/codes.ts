import type { Db } from '@kefu/db';
import { SYSTEM_REASONS } from '../../acd/agent-state-machine.js';
import { ConflictError } from '../../errors.js';
import { audited, type AuditActor, type Tx } from '../audit/audit-log.js';
import {
  DEFAULT_NOT_READY_REASONS,
  dispositions,
  storedNotReadyReasons,
  type LabelledCode,
} from '../console/console-settings.js';
import { checkCodeList } from './queue-rules.js';

/**
 * Not-ready reason codes and dispositions, each one Setting row (a list of `{code, labels}`),
 * as the console and the ACD read them. Replaced whole; audited as `setting.update`; the route
 * publishes the change (the ACD takes the new reason codes at once).
 */

export type CodeKey = 'notReadyReasons' | 'dispositions';

export interface CodeView {
  code: string;
  labels: { 'zh-CN': string; en: string };
  system?: boolean;
  queues?: string[];
}

const labelsOf = (c: LabelledCode) => ({
  'zh-CN': c.labels['zh-CN'] ?? c.labels.en ?? c.code,
  en: c.labels.en ?? c.labels['zh-CN'] ?? c.code,
});

async function current(db: Db | Tx, key: CodeKey): Promise<LabelledCode[]> {
  if (key === 'dispositions') return dispositions(db as Db);
  return (await storedNotReadyReasons(db as Db)) ?? DEFAULT_NOT_READY_REASONS;
}

/** Queues listing each disposition code. */
async function queuesByCode(db: Db | Tx): Promise<Map<string, string[]>> {
  const queues = await db.queue.findMany({
    select: { name: true, dispositions: true },
    orderBy: { name: 'asc' },
  });
  const by = new Map<string, string[]>();
  for (const q of queues)
    if (Array.isArray(q.dispositions))
      for (const code of q.dispositions)
        if (typeof code === 'string') by.set(code, [...(by.get(code) ?? []), q.name]);
  return by;
}

export async function listCodes(db: Db | Tx, key: CodeKey): Promise<CodeView[]> {
  const list = await current(db, key);
  if (key === 'notReadyReasons') {
    const system = new Set<string>(SYSTEM_REASONS);
    return list.map((c) => ({ code: c.code, labels: labelsOf(c), system: system.has(c.code) }));
  }
  const used = await queuesByCode(db);
  return list.map((c) => ({ code: c.code, labels: labelsOf(c), queues: used.get(c.code) ?? [] }));
}

export async function replaceCodes(
  db: Db,
  actor: AuditActor,
  key: CodeKey,
  codes: Array<{ code: string; labels: { 'zh-CN': string; en: string } }>,
): Promise<CodeView[]> {
  const what = key === 'dispositions' ? 'dispositions' : 'not-ready reasons';
  checkCodeList(codes, what);
  return audited(db, actor, {
    action: 'setting.update',
    entity: 'setting',
    entityId: key,
    snapshot: async (tx) => ({
      key,
      codes: (await current(tx, key)).map((c) => ({ code: c.code, labels: labelsOf(c) })),
    }),
    summary: (_r, changed) => `changed ${what}: ${changed}`,
    write: async (tx) => {
      if (key === 'dispositions') {
        const kept = new Set(codes.map((c) => c.code));
        const used = await queuesByCode(tx);
        const removed = [...used].filter(([code]) => !kept.has(code));
        if (removed.length > 0)
          throw new ConflictError(
            removed
              .map(([code, queues]) => `disposition ${code} is allowed by queue ${queues.join(', ')}`)
              .join('; ') + ': take it out of those queues first',
          );
      }
      const value = codes.map((c) => ({
        code: c.code,
        labels: { 'zh-CN': c.labels['zh-CN'], en: c.labels.en },
      }));
      await tx.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
      return listCodes(tx, key);
    },
  });
}
