import type { Db } from '@kefu/db';

export interface LabelledCode {
  code: string;
  labels: Record<string, string>;
}
export interface LanguageOption {
  code: string;
  label: string;
}

// Used when the Setting row is missing (a database that was migrated but not seeded).
export const DEFAULT_DISPOSITIONS: LabelledCode[] = [
  { code: 'sale', labels: { 'zh-CN': '成交', en: 'Sale' } },
  { code: 'info_given', labels: { 'zh-CN': '咨询已解答', en: 'Information given' } },
  { code: 'resolved', labels: { 'zh-CN': '问题已解决', en: 'Resolved' } },
  { code: 'complaint', labels: { 'zh-CN': '投诉受理', en: 'Complaint logged' } },
  { code: 'callback_requested', labels: { 'zh-CN': '需回电', en: 'Callback requested' } },
  { code: 'escalated', labels: { 'zh-CN': '已升级', en: 'Escalated' } },
  { code: 'not_interested', labels: { 'zh-CN': '暂无需求', en: 'Not interested' } },
  { code: 'wrong_number', labels: { 'zh-CN': '打错电话', en: 'Wrong number' } },
];
/** The not-ready codes when the Setting row is missing (the ACD's defaults), labelled. */
export const DEFAULT_NOT_READY_REASONS: LabelledCode[] = [
  { code: 'break', labels: { 'zh-CN': '小休', en: 'Break' } },
  { code: 'lunch', labels: { 'zh-CN': '午餐', en: 'Lunch' } },
  { code: 'training', labels: { 'zh-CN': '培训', en: 'Training' } },
  { code: 'meeting', labels: { 'zh-CN': '会议', en: 'Meeting' } },
  { code: 'coaching', labels: { 'zh-CN': '辅导', en: 'Coaching' } },
  { code: 'admin', labels: { 'zh-CN': '事务处理', en: 'Admin work' } },
  { code: 'missed_call', labels: { 'zh-CN': '未接来电', en: 'Missed call' } },
  { code: 'other', labels: { 'zh-CN': '其他', en: 'Other' } },
];
const DEFAULT_LANGUAGES: LanguageOption[] = [
  { code: 'zh-CN', label: '简体中文' },
  { code: 'en', label: 'English' },
];

const isLabels = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' && v !== null && Object.values(v).every((s) => typeof s === 'string');

/** Entries of a stored list that have the right shape; a hand-edited bad entry is skipped. */
function labelledCodes(value: unknown): LabelledCode[] | null {
  if (!Array.isArray(value)) return null;
  return value.filter(
    (e): e is LabelledCode =>
      typeof e === 'object' && e !== null && typeof e.code === 'string' && isLabels(e.labels),
  );
}

async function setting(db: Db, key: string): Promise<unknown> {
  return (await db.setting.findUnique({ where: { key } }))?.value ?? null;
}

/** Setting `dispositions`: the wrap-up codes with their labels. */
export async function dispositions(db: Db): Promise<LabelledCode[]> {
  return labelledCodes(await setting(db, 'dispositions')) ?? DEFAULT_DISPOSITIONS;
}

/**
 * The dispositions a call of this queue may be given: the queue's list (`Queue.dispositions`,
 * in the setting's order) when it has one, else all of them.
 */
export async function dispositionsForQueue(db: Db, queueId: string | null): Promise<LabelledCode[]> {
  const [all, queue] = await Promise.all([
    dispositions(db),
    queueId ? db.queue.findUnique({ where: { id: queueId }, select: { dispositions: true } }) : null,
  ]);
  const allowed = queue?.dispositions;
  if (!Array.isArray(allowed)) return all;
  const codes = new Set(allowed.filter((c): c is string => typeof c === 'string'));
  return all.filter((d) => codes.has(d.code));
}

/**
 * Setting `notReadyReasons`: the not-ready codes agents may pick (the ACD takes them at start and
 * on every change, plus the system's own codes) with their labels; null when the row is missing.
 */
export async function storedNotReadyReasons(db: Db): Promise<LabelledCode[] | null> {
  return labelledCodes(await setting(db, 'notReadyReasons'));
}

/** Setting `notReadyReasons`: labels for the ACD's not-ready codes (the code itself if unlabelled). */
export async function reasonLabels(db: Db): Promise<Map<string, Record<string, string>>> {
  const list = labelledCodes(await setting(db, 'notReadyReasons')) ?? [];
  return new Map(list.map((e) => [e.code, e.labels]));
}

/** Setting `languages`: the languages the console offers. */
export async function languages(db: Db): Promise<LanguageOption[]> {
  const value = await setting(db, 'languages');
  if (!Array.isArray(value)) return DEFAULT_LANGUAGES;
  return value.filter(
    (e): e is LanguageOption =>
      typeof e === 'object' && e !== null && typeof e.code === 'string' && typeof e.label === 'string',
  );
}
