// Figures shared by the experiment results and the conversion dashboards, from stored rows.

/** The part of a script version's content completion looks at. */
export interface ScriptGraph {
  nodes: Record<
    string,
    {
      answers?: { label: string; next: string | null }[];
      kind?: string;
      i18n?: Record<string, { text?: string; answers?: string[] }>;
    }
  >;
}

/** Interaction.scriptAnswers as the console stores it. */
export interface StoredAnswers {
  scriptKey: string;
  version: number;
  answers: { nodeId: string; answer: string }[];
}

export function storedAnswers(value: unknown): StoredAnswers | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Partial<StoredAnswers>;
  if (typeof v.scriptKey !== 'string' || typeof v.version !== 'number' || !Array.isArray(v.answers))
    return null;
  return v as StoredAnswers;
}

/**
 * A call completed its script when the last stored answer leads nowhere in the version it was
 * given for: to `next: null`, or to a node with no answers (an end). The answer may be a
 * translated label: it is matched by position. A capture node's answer is what the agent typed;
 * it goes on by the node's first answer.
 */
export function completesScript(
  script: ScriptGraph,
  answers: readonly { nodeId: string; answer: string }[],
): boolean {
  const last = answers.at(-1);
  if (!last) return false;
  const node = script.nodes[last.nodeId];
  const options = node?.answers ?? [];
  // A capture node with nowhere to go ends the walk once the value is typed.
  if (node?.kind === 'capture' && options.length === 0) return true;
  let index = node?.kind === 'capture' ? 0 : options.findIndex((a) => a.label === last.answer);
  if (index < 0)
    for (const t of Object.values(node?.i18n ?? {})) {
      index = t.answers?.indexOf(last.answer) ?? -1;
      if (index >= 0) break;
    }
  const option = options[index];
  if (!option) return false;
  return option.next === null || (script.nodes[option.next]?.answers ?? []).length === 0;
}

export interface OfferRow {
  interactionId: string | null;
  ruleId: string;
  outcome: string;
}

/**
 * Offers on a set of calls: made = distinct (call, rule) pairs with any outcome, accepted =
 * distinct pairs with `accepted`, convertedCalls = the calls with at least one accepted offer.
 */
export function offerFigures(offers: readonly OfferRow[], keep: (o: OfferRow) => boolean = () => true) {
  const made = new Set<string>();
  const accepted = new Set<string>();
  const convertedCalls = new Set<string>();
  for (const o of offers) {
    if (o.interactionId === null || !keep(o)) continue;
    const pair = `${o.interactionId}\u0000${o.ruleId}`;
    made.add(pair);
    if (o.outcome === 'accepted') {
      accepted.add(pair);
      convertedCalls.add(o.interactionId);
    }
  }
  return { offersMade: made.size, offersAccepted: accepted.size, convertedCalls };
}

export const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);
