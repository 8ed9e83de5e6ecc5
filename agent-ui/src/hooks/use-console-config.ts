import { useQuery } from '@tanstack/react-query';
import { isNotAvailable, type ApiClient } from '../api/api-client.js';
import { queryKeys } from '../api/query-keys.js';
import type { ConsoleConfig, LabelledCode, ServerConsoleConfig } from '../api/types.js';
import { consoleText, hasMessage } from '../i18n/messages.js';

// The server's defaults (cti-server/src/plugins/app/acd.ts DEFAULT_NOT_READY_REASONS), used
// until GET /api/console/config exists. System reasons (missed_call…) are not the agent's to pick.
const FALLBACK_REASONS = ['break', 'lunch', 'training', 'meeting', 'coaching', 'admin', 'other'];
const FALLBACK_DISPOSITIONS: LabelledCode[] = [
  { code: 'resolved', label: { 'zh-CN': '已解决', en: 'Resolved' } },
  { code: 'follow_up', label: { 'zh-CN': '需跟进', en: 'Follow-up needed' } },
  { code: 'sale', label: { 'zh-CN': '成交', en: 'Sale' } },
  { code: 'no_sale', label: { 'zh-CN': '未成交', en: 'No sale' } },
  { code: 'complaint_logged', label: { 'zh-CN': '投诉已登记', en: 'Complaint logged' } },
  { code: 'wrong_number', label: { 'zh-CN': '打错电话', en: 'Wrong number' } },
];

const fallbackReason = (code: string): LabelledCode => {
  const key = `reason_${code}`;
  return {
    code,
    label: hasMessage(key)
      ? { 'zh-CN': consoleText('zh-CN', key), en: consoleText('en', key) }
      : { 'zh-CN': code, en: code },
  };
};

export const FALLBACK_CONFIG: ConsoleConfig = {
  notReadyReasons: FALLBACK_REASONS.map(fallbackReason),
  dispositions: FALLBACK_DISPOSITIONS,
};

export interface ConsoleConfigHandle {
  config: ConsoleConfig;
  /** True while the built-in lists stand in for the server's. */
  fallback: boolean;
}

/** Read once per session; until it answers (or on a server without it) the built-in lists stand in. */
export function useConsoleConfig(api: ApiClient): ConsoleConfigHandle {
  const { data } = useQuery({
    queryKey: queryKeys.consoleConfig,
    queryFn: async () => {
      try {
        return await api.get<ServerConsoleConfig>('/api/console/config');
      } catch (err) {
        if (!isNotAvailable(err)) console.warn('console config', err);
        throw err;
      }
    },
    select: normaliseConfig,
    staleTime: Infinity,
  });
  return data ? { config: data, fallback: false } : { config: FALLBACK_CONFIG, fallback: true };
}

/** The server's codes: `{code, labels: {"zh-CN", "en"}, system?}`, labelled in any languages. */
type RawCode = ServerConsoleConfig['dispositions'][number] & { system?: boolean };

const toLabelledCode = ({ code, labels, system }: RawCode): LabelledCode => {
  const zh = labels['zh-CN'] ?? labels.en ?? code;
  return { code, label: { 'zh-CN': zh, en: labels.en ?? zh }, ...(system ? { system: true } : {}) };
};

function normaliseConfig(raw: ServerConsoleConfig): ConsoleConfig {
  // An empty list (nothing configured, or an older server without it) keeps the built-in one.
  const list = (items: RawCode[] | undefined, fallback: LabelledCode[]) =>
    items && items.length > 0 ? items.map(toLabelledCode) : fallback;
  return {
    notReadyReasons: list(raw.notReadyReasons, FALLBACK_CONFIG.notReadyReasons),
    dispositions: list(raw.dispositions, FALLBACK_CONFIG.dispositions),
  };
}
