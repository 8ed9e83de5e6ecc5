// The web app's one i18n approach: a catalog per namespace (one per workspace, plus the shell's
// shared strings), each a flat map of keys to messages in both languages. A message is a
// template with `{name}` placeholders, or — when it counts something — its plural forms, picked
// by Intl.PluralRules for the locale from `{count}` (English has one/other, Chinese only other).

export type Locale = 'zh-CN' | 'en';
export const LOCALES: Locale[] = ['zh-CN', 'en'];

/** Plural forms of a message, as Intl.PluralRules names them; `other` is always there. */
export type PluralMessage = Partial<Record<Exclude<Intl.LDMLPluralRule, 'other'>, string>> & {
  other: string;
};
export type Message = string | PluralMessage;
export type Vars = Record<string, string | number>;

/** A namespace's messages: the same keys in both languages. */
export type Catalog<K extends string> = Record<Locale, Record<K, Message>>;

/** Declares a namespace; the Chinese side must have every English key (a type error otherwise). */
export function defineCatalog<K extends string>(
  en: Record<K, Message>,
  zhCN: Record<NoInfer<K>, Message>,
): Catalog<K> {
  return { en, 'zh-CN': zhCN };
}

/** A message with `{name}` placeholders filled in; unknown ones stay visible. */
export function format(template: string, vars: Vars = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

const pluralRules = new Map<Locale, Intl.PluralRules>();
function rulesFor(locale: Locale): Intl.PluralRules {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules;
}

/** The form of a message for `vars.count` (a plural message without a count uses `other`). */
export function pluralForm(locale: Locale, message: Message, vars: Vars = {}): string {
  if (typeof message === 'string') return message;
  const count = vars.count;
  if (typeof count !== 'number') return message.other;
  const category = rulesFor(locale).select(count);
  return (category === 'other' ? undefined : message[category]) ?? message.other;
}

/** The message in `locale`, plural form chosen and placeholders filled. */
export function translate(locale: Locale, message: Message, vars?: Vars): string {
  return format(pluralForm(locale, message, vars), vars);
}

/** Every text of a message (its one string, or each plural form): for tests and checks. */
export const textsOf = (message: Message): string[] =>
  typeof message === 'string' ? [message] : Object.values(message);
