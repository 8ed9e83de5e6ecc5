// How one script version did on the calls that were given it (issue 16, the designer's stats).
import type { Db } from '@kefu/db';
import { BadRequestError, NotFoundError } from '../../errors.js';
import type { ScriptContentValue } from '../console/script-content.js';
import {
  completesScript,
  offerFigures,
  rate,
  storedAnswers,
  type ScriptGraph,
} from './conversion-figures.js';

/** Answers that match none of the node's labels count under this (a capture's typed value counts for its first answer). */
export const OTHER_ANSWER = '(other)';

/**
 * Calls pinned to `key` v`version` (Interaction.scriptKey/scriptVersion) offered in [from, to]:
 * how many stored answers, how many completed (the conversion report's definition, completesScript in
 * conversion-figures.ts), per node how many calls reached it and each answer's count, and the
 * offers made/accepted on those calls.
 */
export async function scriptVersionStats(
  db: Db,
  key: string,
  version: number,
  range: { from?: string; to?: string },
) {
  const from = range.from ? new Date(range.from) : undefined;
  const to = range.to ? new Date(range.to) : undefined;
  if (from && to && from > to) throw new BadRequestError('from is after to', 'BAD_RANGE');
  const script = await db.callScript.findUnique({
    where: { key_version: { key, version } },
    select: { content: true },
  });
  if (!script) throw new NotFoundError('script', `${key} v${version}`);
  const content = script.content as ScriptContentValue;

  const calls = await db.interaction.findMany({
    where: { scriptKey: key, scriptVersion: version, offeredAt: { gte: from, lte: to } },
    select: { id: true, scriptAnswers: true },
  });
  const offers = calls.length
    ? await db.crossSellOffer.findMany({
        where: { interactionId: { in: calls.map((c) => c.id) } },
        select: { interactionId: true, ruleId: true, outcome: true },
      })
    : [];

  const answered = calls
    .map((c) => storedAnswers(c.scriptAnswers))
    .filter((s) => s !== null && s.scriptKey === key && s.version === version && s.answers.length > 0)
    .map((s) => s!.answers);
  const completed = answered.filter((a) => completesScript(content as ScriptGraph, a)).length;

  const nodes = Object.entries(content.nodes).map(([nodeId, node]) => {
    const labels = node.answers.map((a) => a.label);
    const counts = labels.map(() => 0);
    let other = 0;
    let reached = 0;
    for (const answers of answered) {
      const here = answers.filter((a) => a.nodeId === nodeId);
      if (here.length > 0) reached++;
      for (const a of here) {
        const i = labelIndex(node, a.answer);
        if (i >= 0) counts[i]!++;
        // A capture's typed value takes the node's first answer (the console follows that one).
        else if (node.kind === 'capture' && counts.length > 0) counts[0]!++;
        else other++;
      }
    }
    return {
      nodeId,
      reached,
      answers: [
        ...labels.map((label, i) => ({ label, count: counts[i]! })),
        ...(other > 0 ? [{ label: OTHER_ANSWER, count: other }] : []),
      ],
    };
  });

  const figures = offerFigures(offers);
  return {
    key,
    version,
    calls: calls.length,
    withAnswers: answered.length,
    completed,
    completionRate: rate(completed, calls.length),
    offersMade: figures.offersMade,
    offersAccepted: figures.offersAccepted,
    nodes,
  };
}

/** The answer's position among the node's labels, a translated label counting for its original. */
function labelIndex(node: ScriptContentValue['nodes'][string], answer: string): number {
  const i = node.answers.findIndex((a) => a.label === answer);
  if (i >= 0) return i;
  for (const tr of Object.values(node.i18n ?? {})) {
    const j = tr.answers?.indexOf(answer) ?? -1;
    if (j >= 0 && j < node.answers.length) return j;
  }
  return -1;
}
