// Writing call scripts (issue 16): the check, drafts and publishing. Every write is audited.
import type { Db } from '@kefu/db';
import { scriptProblems, type Problem } from './script-check.js';

/** The check with the database's rule ids (an offer node must name an existing rule). */
export async function checkScript(db: Db, content: unknown, language?: string): Promise<Problem[]> {
  const rules = await db.crossSellRule.findMany({ select: { id: true } });
  return scriptProblems(content, { ruleIds: new Set(rules.map((r) => r.id)), language });
}
