/** Languages the IVR speaks; every prompt in the catalogue exists in both. */
export type Language = 'zh-CN' | 'en';

export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];

/**
 * Maps whatever the CRM or Line row holds ("en-US", "zh", "zh-CN") to a prompt language.
 * Anything not English falls back to Chinese because the demo lines are Chinese hotlines.
 */
export function normalizeLanguage(value: string | null | undefined): Language {
  return value?.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}
