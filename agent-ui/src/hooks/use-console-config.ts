import { useEffect, useState } from 'react';
import { isNotAvailable, type ApiClient } from '../api/api-client.js';
import type { ConsoleConfig, LabelledCode } from '../api/types.js';
import { messages, hasMessage } from '../i18n/messages.js';

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
      ? { 'zh-CN': messages['zh-CN'][key], en: messages.en[key] }
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

export function useConsoleConfig(api: ApiClient): ConsoleConfigHandle {
  const [state, setState] = useState<ConsoleConfigHandle>({ config: FALLBACK_CONFIG, fallback: true });
  useEffect(() => {
    let live = true;
    api.get<unknown>('/api/console/config').then(
      (raw) => live && setState({ config: normaliseConfig(raw), fallback: false }),
      (err: unknown) => {
        if (!isNotAvailable(err)) console.warn('console config', err);
      },
    );
    return () => {
      live = false;
    };
  }, [api]);
  return state;
}

/** The server's shape (schemas/console-config.ts): `{code, labels: {"zh-CN", "en"}, system?}`. */
interface RawCode {
  code: string;
  labels: Record<string, string>;
  system?: boolean;
}

const toLabelledCode = ({ code, labels, system }: RawCode): LabelledCode => {
  const zh = labels['zh-CN'] ?? labels.en ?? code;
  return { code, label: { 'zh-CN': zh, en: labels.en ?? zh }, ...(system ? { system: true } : {}) };
};

function normaliseConfig(raw: unknown): ConsoleConfig {
  const r = raw as { notReadyReasons?: RawCode[]; dispositions?: RawCode[] };
  const list = (items: RawCode[] | undefined, fallback: LabelledCode[]) =>
    items && items.length > 0 ? items.map(toLabelledCode) : fallback;
  return {
    notReadyReasons: list(r.notReadyReasons, FALLBACK_CONFIG.notReadyReasons),
    dispositions: list(r.dispositions, FALLBACK_CONFIG.dispositions),
  };
}
