// The values of a script's placeholders ({agent}, {customer.tier}, …) for one customer and agent,
// and the content in the language the agent reads. The console fills the texts with them; an
// unknown or empty value is '' here and shows as a dash there.
import type { Db } from '@kefu/db';
import type { ScriptContentValue } from '../console/script-content.js';
import { localDate } from '../supervision/local-day.js';
import { loadSupervisionSettings } from '../supervision/supervision-settings.js';

export const FIELD_KEYS = [
  'agent',
  'customer',
  'customer.name',
  'customer.tier',
  'customer.stage',
  'customer.city',
  'customer.lastOrder',
  'customer.lastProduct',
] as const;

const STAGES: Record<string, [zh: string, en: string]> = {
  potential: ['潜在客户', 'Potential'],
  intent: ['意向客户', 'Intent'],
  first_purchase: ['首次购买', 'First purchase'],
  repeat: ['复购客户', 'Repeat'],
  lost: ['流失客户', 'Lost'],
};

const isEnglish = (language: string) => language.toLowerCase().split('-')[0] === 'en';

export interface FieldFacts {
  agentName: string | null;
  customer: { name: string; vipTier: number; lifecycleStage: string; city: string | null } | null;
  lastOrder: {
    number: string;
    orderedAt: Date;
    product: { name: string; nameEn: string | null } | null;
  } | null;
  timeZone: string;
  language: string;
}

/** Pure: the placeholder values from what was read. */
export function fieldsFrom(facts: FieldFacts): Record<string, string> {
  const { customer, lastOrder } = facts;
  const en = isEnglish(facts.language);
  const stage = customer ? STAGES[customer.lifecycleStage] : undefined;
  const product = lastOrder?.product;
  const values: Record<(typeof FIELD_KEYS)[number], string> = {
    agent: facts.agentName ?? '',
    customer: customer?.name ?? '',
    'customer.name': customer?.name ?? '',
    'customer.tier': customer && customer.vipTier > 0 ? `VIP ${customer.vipTier}` : '',
    'customer.stage': stage ? stage[en ? 1 : 0] : (customer?.lifecycleStage ?? ''),
    'customer.city': customer?.city ?? '',
    'customer.lastOrder': lastOrder
      ? `${lastOrder.number} (${localDate(lastOrder.orderedAt.getTime(), facts.timeZone)})`
      : '',
    'customer.lastProduct': product ? ((en ? product.nameEn : null) ?? product.name) : '',
  };
  return values;
}

/** The placeholder values for a customer (null: none known) and the agent's display name. */
export async function scriptFields(
  db: Db,
  who: { customerId: string | null; agentName: string | null; language?: string },
): Promise<Record<string, string>> {
  const [customer, lastOrder, settings] = await Promise.all([
    who.customerId
      ? db.customer.findUnique({
          where: { id: who.customerId },
          select: { name: true, vipTier: true, lifecycleStage: true, city: true },
        })
      : null,
    who.customerId
      ? db.order.findFirst({
          where: { customerId: who.customerId },
          orderBy: [{ orderedAt: 'desc' }, { number: 'desc' }],
          select: {
            number: true,
            orderedAt: true,
            items: {
              take: 1,
              orderBy: { id: 'asc' },
              select: { product: { select: { name: true, nameEn: true } } },
            },
          },
        })
      : null,
    loadSupervisionSettings(db),
  ]);
  return fieldsFrom({
    agentName: who.agentName,
    customer,
    lastOrder: lastOrder && { ...lastOrder, product: lastOrder.items[0]?.product ?? null },
    timeZone: settings.timeZone,
    language: who.language ?? 'zh-CN',
  });
}

/** The language of `languages` that serves `wanted` (the same, else the same base language). */
export function translationFor(languages: readonly string[], wanted: string): string | null {
  const w = wanted.toLowerCase();
  return (
    languages.find((l) => l.toLowerCase() === w) ??
    languages.find((l) => l.toLowerCase().split('-')[0] === w.split('-')[0]) ??
    null
  );
}

/**
 * The content with node texts and answer labels in `wanted` when the script is translated into it
 * (listed in `languages`); an untranslated text or label stays in the original. Links, kinds and
 * the translations themselves are kept (stored answers may be in either language).
 */
export function localizeScript(
  content: ScriptContentValue,
  wanted: string | undefined,
  own?: string,
): ScriptContentValue {
  if (!wanted || (own && own.toLowerCase() === wanted.toLowerCase())) return content;
  const lang = translationFor(content.languages ?? [], wanted);
  if (!lang) return content;
  const nodes = Object.fromEntries(
    Object.entries(content.nodes).map(([id, node]) => {
      const tr = node.i18n?.[lang];
      if (!tr) return [id, node];
      return [
        id,
        {
          ...node,
          text: tr.text.trim() === '' ? node.text : tr.text,
          answers: node.answers.map((a, i) => {
            const label = tr.answers?.[i]?.trim();
            return label ? { ...a, label } : a;
          }),
        },
      ];
    }),
  );
  const objections = content.objections.map((o) => {
    const tr = o.i18n?.[lang];
    return tr ? { ...o, title: tr.title, text: tr.text } : o;
  });
  const tips = { ...content.tips, ...content.tips.i18n?.[lang] };
  return { ...content, nodes, objections, tips };
}
