// The script check the designer runs as the author edits and the server runs before a version
// goes live: one implementation, here. Pure (the rule ids come in the context).
import type { Static } from 'typebox';
import type { ScriptProblem } from '../../schemas/scripts.js';
import { scriptShapeError, type ScriptContentValue } from '../console/script-content.js';

export type Problem = Static<typeof ScriptProblem>;
type ScriptNodeValue = ScriptContentValue['nodes'][string];

/** Customer columns a capture node may write (the Customer model's free-text contact fields). */
export const CUSTOMER_CAPTURE_FIELDS: readonly string[] = ['email', 'city', 'address', 'notes'];

export interface ScriptCheckContext {
  /** Every cross-sell rule id (an offer node must name one). */
  ruleIds: ReadonlySet<string>;
  /** The script's own language: listing it in `languages` asks for no translation. */
  language?: string;
}

/** The kind a node behaves as: written, else a question when it has answers, else an end. */
export function kindOf(
  node: Pick<ScriptNodeValue, 'kind' | 'answers'>,
): NonNullable<ScriptNodeValue['kind']> {
  return node.kind ?? (node.answers.length > 0 ? 'question' : 'end');
}

/**
 * Errors (shape, no_start, broken_link, unknown_rule, capture_field) keep a version from being
 * published; warnings (dead_end, unreachable, missing_translation) are shown to the author only.
 * A shape error is the only problem reported: nothing else can be read from such content.
 */
export function scriptProblems(content: unknown, ctx: ScriptCheckContext): Problem[] {
  const shape = scriptShapeError(content);
  if (shape !== null) return [{ severity: 'error', code: 'shape', nodeId: null, message: shape }];
  const script = content as ScriptContentValue;
  const problems: Problem[] = [];
  const error = (code: Problem['code'], nodeId: string | null, message: string) =>
    problems.push({ severity: 'error', code, nodeId, message });
  const warning = (code: Problem['code'], nodeId: string | null, message: string) =>
    problems.push({ severity: 'warning', code, nodeId, message });
  const nodes = script.nodes;
  const has = (id: string) => Object.hasOwn(nodes, id);

  if (!has(script.start)) error('no_start', null, `the start node "${script.start}" is not a node`);

  const languages = (script.languages ?? []).filter((l) => l.toLowerCase() !== ctx.language?.toLowerCase());
  for (const [id, node] of Object.entries(nodes)) {
    for (const [i, answer] of node.answers.entries()) {
      if (answer.next !== null && !has(answer.next))
        error(
          'broken_link',
          id,
          `answer ${i + 1} "${answer.label}" leads to "${answer.next}", which is not a node`,
        );
    }
    const kind = kindOf(node);
    if (node.answers.length === 0 && kind !== 'end')
      warning(
        'dead_end',
        id,
        `the ${kind} node has no answers, so the script stops here; make it an end node`,
      );
    if (kind === 'offer' && !node.offer) error('unknown_rule', id, 'the offer node names no cross-sell rule');
    if (node.offer && !ctx.ruleIds.has(node.offer.ruleId))
      error('unknown_rule', id, `cross-sell rule "${node.offer.ruleId}" does not exist`);
    if (kind === 'capture' && !node.capture) error('capture_field', id, 'the capture node names no field');
    if (node.capture?.target === 'customer' && !CUSTOMER_CAPTURE_FIELDS.includes(node.capture.field))
      error(
        'capture_field',
        id,
        `a capture may write the customer's ${CUSTOMER_CAPTURE_FIELDS.join(', ')}, not "${node.capture.field}"`,
      );
    for (const lang of languages) {
      const missing = missingTranslation(node, lang);
      if (missing) warning('missing_translation', id, `${lang}: ${missing}`);
    }
  }

  for (const lang of languages) {
    const objections = script.objections.filter((o) => !o.i18n?.[lang]).map((o) => `"${o.title}"`);
    if (objections.length > 0)
      warning('missing_translation', null, `${lang}: objections ${objections.join(', ')} are not translated`);
    const tips = (['expressive', 'driver', 'amiable', 'analytical'] as const).filter(
      (p) => script.tips[p] && !script.tips.i18n?.[lang]?.[p],
    );
    if (tips.length > 0)
      warning('missing_translation', null, `${lang}: the tips for ${tips.join(', ')} are not translated`);
  }

  if (has(script.start)) {
    const reached = new Set([script.start]);
    const todo = [script.start];
    for (let id = todo.pop(); id !== undefined; id = todo.pop())
      for (const a of nodes[id]?.answers ?? [])
        if (a.next !== null && has(a.next) && !reached.has(a.next)) {
          reached.add(a.next);
          todo.push(a.next);
        }
    for (const id of Object.keys(nodes))
      if (!reached.has(id)) warning('unreachable', id, 'no answer leads here from the start node');
  }
  return problems;
}

/** What of a node is not translated into `lang`, or null. */
function missingTranslation(node: ScriptNodeValue, lang: string): string | null {
  const tr = node.i18n?.[lang];
  if (!tr || tr.text.trim() === '') return 'the text is not translated';
  const untranslated = node.answers
    .map((a, i) => ((tr.answers?.[i] ?? '').trim() === '' ? `"${a.label}"` : null))
    .filter((x) => x !== null);
  return untranslated.length > 0 ? `answer ${untranslated.join(', ')} not translated` : null;
}

export const hasErrors = (problems: readonly Problem[]) => problems.some((p) => p.severity === 'error');
