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
const DEFAULT_DISPOSITIONS: LabelledCode[] = [
  { code: 'sale', labels: { 'zh-CN': '成交', en: 'Sale' } },
  { code: 'info_given', labels: { 'zh-CN': '咨询已解答', en: 'Information given' } },
  { code: 'resolved', labels: { 'zh-CN': '问题已解决', en: 'Resolved' } },
  { code: 'complaint', labels: { 'zh-CN': '投诉受理', en: 'Complaint logged' } },
  { code: 'callback_requested', labels: { 'zh-CN': '需回电', en: 'Callback requested' } },
  { code: 'escalated', labels: { 'zh-CN': '已升级', en: 'Escalated' } },
  { code: 'not_interested', labels: { 'zh-CN': '暂无需求', en: 'Not interested' } },
  { code: 'wrong_number', labels: { 'zh-CN': '打错电话', en: 'Wrong number' } },
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
