// Writing call scripts (issue 16): the check, drafts, publishing and the POST /scripts version.
// Every write is audited (entity `script`, the version's row id).
import type { Db } from '@kefu/db';
import type { Static } from 'typebox';
import { BadRequestError, ConflictError, NotFoundError } from '../../errors.js';
import type { NewScriptBody, ScriptDraftBody } from '../../schemas/scripts.js';
import { audited, type AuditActor, type Tx } from '../audit/audit-log.js';
import { scriptShapeError, type ScriptContentValue } from '../console/script-content.js';
import { withContent } from '../console/script-service.js';
import { hasErrors, scriptProblems, type Problem } from './script-check.js';
import { localizeScript, scriptFields } from './script-fields.js';

export type NewScript = Static<typeof NewScriptBody>;
export type ScriptDraft = Static<typeof ScriptDraftBody>;
type Author = AuditActor & { id: string };

/** 400 with the check's problems: the content has errors a published version may not have. */
export class ScriptProblemsError extends BadRequestError {
  constructor(readonly problems: Problem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    super(
      `the script has ${errors.length} error${errors.length === 1 ? '' : 's'}: ${errors[0]?.message ?? ''}`,
      'SCRIPT_PROBLEMS',
    );
  }
}

/** The check with the database's rule ids (an offer node must name an existing rule). */
export async function checkScript(db: Db | Tx, content: unknown, language?: string): Promise<Problem[]> {
  const rules = await db.crossSellRule.findMany({ select: { id: true } });
  return scriptProblems(content, { ruleIds: new Set(rules.map((r) => r.id)), language });
}

async function checkPublishable(db: Db | Tx, content: unknown, language: string) {
  const problems = await checkScript(db, content, language);
  if (hasErrors(problems)) throw new ScriptProblemsError(problems);
}

const snapshot = async (tx: Tx, id: string) => {
  const row = await tx.callScript.findUnique({ where: { id } });
  return row ? withContent(row) : null;
};

async function checkBindings(db: Db, lineId: string | null, queueId: string | null) {
  if (lineId && !(await db.line.findUnique({ where: { id: lineId }, select: { id: true } })))
    throw new NotFoundError('line', lineId);
  if (queueId && !(await db.queue.findUnique({ where: { id: queueId }, select: { id: true } })))
    throw new NotFoundError('queue', queueId);
}

/**
 * The audience column: given (object), carried over, or cleared. Prisma wants its own DbNull per
 * generated client for SQL NULL; one raw statement reads the same on SQLite and PostgreSQL.
 */
function audienceColumn(given: unknown, carried: unknown) {
  if (given === null) return { data: undefined, clear: true };
  const value = given !== undefined ? given : (carried ?? undefined);
  return { data: value as object | undefined, clear: false };
}

async function clearAudience(tx: Tx, id: string, clear: boolean) {
  if (clear) await tx.$executeRaw`UPDATE "CallScript" SET "audience" = NULL WHERE "id" = ${id}`;
}

/** Two authors writing the same key at once: (key, version) is unique, the second one retries. */
function conflictOnVersion(key: string) {
  return (err: unknown) => {
    if ((err as { code?: string }).code === 'P2002')
      throw new ConflictError(`script ${key} got a new version meanwhile; reload and save again`);
    throw err;
  };
}

/**
 * Stores the next version of `key` (version 1 for a new key), published at once unless `status`
 * is draft (then it is the key's draft, as PUT /scripts/:key/draft). Language, line/queue
 * binding, audience and campaign carry over from the newest version unless given. A published
 * save must pass the publish check.
 *
 * While the key has a draft, the draft keeps its row and moves one version up: the published
 * version takes the draft's number, so version numbers stay without gaps and the draft stays the
 * newest (it is what the designer edits next).
 */
export async function createScriptVersion(db: Db, input: NewScript, author: Author) {
  const { status, key, active, ...rest } = input;
  if (status === 'draft') return saveDraft(db, key, rest, author);
  const shape = scriptShapeError(input.content);
  if (shape !== null) throw new BadRequestError(shape, 'BAD_SCRIPT');
  const previous = await db.callScript.findFirst({
    where: { key, status: { not: 'draft' } },
    orderBy: { version: 'desc' },
  });
  const language = input.language ?? previous?.language ?? 'zh-CN';
  await checkPublishable(db, input.content, language);
  const lineId = input.lineId !== undefined ? input.lineId : (previous?.lineId ?? null);
  const queueId = input.queueId !== undefined ? input.queueId : (previous?.queueId ?? null);
  await checkBindings(db, lineId, queueId);
  const now = new Date();
  const audience = audienceColumn(input.audience, previous?.audience);
  return audited(db, author, {
    action: 'script.create',
    snapshot,
    write: async (tx) => {
      const newest = await tx.callScript.findFirst({ where: { key }, orderBy: { version: 'desc' } });
      const draft = newest?.status === 'draft' ? newest : null;
      if (draft)
        await tx.callScript.update({ where: { id: draft.id }, data: { version: draft.version + 1 } });
      const created = await tx.callScript.create({
        data: {
          key,
          version: draft ? draft.version : (newest?.version ?? 0) + 1,
          title: input.title,
          language,
          lineId,
          queueId,
          active: active ?? true,
          audience: audience.data,
          campaign: input.campaign !== undefined ? input.campaign : (previous?.campaign ?? null),
          content: input.content as object,
          createdById: author.id,
          status: 'published',
          publishedAt: now,
          publishedById: author.id,
        },
      });
      return withContent(created);
    },
    idOf: (s) => s.id,
    summary: (s) => `script ${s.key} v${s.version} saved and published`,
  }).catch(conflictOnVersion(key));
}

/**
 * Creates or updates the key's single draft: a new draft is version max+1 (version 1 for a new
 * key) and takes language and bindings from the newest version unless given; an existing draft
 * is updated in place (omitted parts keep the draft's). The content needs the right shape only:
 * link errors and warnings are what the author is still working on.
 */
export async function saveDraft(db: Db, key: string, input: ScriptDraft, author: Author) {
  const shape = scriptShapeError(input.content);
  if (shape !== null) throw new BadRequestError(shape, 'BAD_SCRIPT');
  const newest = await db.callScript.findFirst({ where: { key }, orderBy: { version: 'desc' } });
  const draft = newest?.status === 'draft' ? newest : null;
  const lineId = input.lineId !== undefined ? input.lineId : (newest?.lineId ?? null);
  const queueId = input.queueId !== undefined ? input.queueId : (newest?.queueId ?? null);
  await checkBindings(db, lineId, queueId);
  // A new draft may carry the newest version's audience; an existing one keeps its own.
  const audience = audienceColumn(input.audience, draft ? undefined : newest?.audience);
  const data = {
    title: input.title,
    language: input.language ?? newest?.language ?? 'zh-CN',
    lineId,
    queueId,
    campaign: input.campaign !== undefined ? input.campaign : (newest?.campaign ?? null),
    audience: audience.data,
    content: input.content as object,
  };
  return audited(db, author, {
    action: 'script.draft',
    entityId: draft?.id,
    snapshot,
    write: async (tx) => {
      const saved = draft
        ? await tx.callScript.update({ where: { id: draft.id }, data, select: { id: true } })
        : await tx.callScript.create({
            data: {
              ...data,
              key,
              version: (newest?.version ?? 0) + 1,
              status: 'draft',
              publishedAt: null,
              createdById: author.id,
            },
            select: { id: true },
          });
      await clearAudience(tx, saved.id, audience.clear);
      return withContent(await tx.callScript.findUniqueOrThrow({ where: { id: saved.id } }));
    },
    idOf: (s) => s.id,
    summary: (s, changed) => `script ${s.key} v${s.version} draft saved${draft ? `: ${changed}` : ''}`,
  }).catch(conflictOnVersion(key));
}

async function draftOf(db: Db, key: string) {
  const draft = await db.callScript.findFirst({ where: { key, status: 'draft' }, select: { id: true } });
  if (!draft) throw new NotFoundError('draft of script', key);
  return draft;
}

export async function discardDraft(db: Db, key: string, author: Author): Promise<void> {
  const draft = await draftOf(db, key);
  await audited(db, author, {
    action: 'script.discardDraft',
    entity: 'script',
    entityId: draft.id,
    snapshot,
    write: (tx) => tx.callScript.delete({ where: { id: draft.id } }),
    summary: (s) => `script ${s.key} v${s.version} draft discarded`,
  });
}

/**
 * The draft goes live: status published, publishedAt now. Earlier published versions stay as
 * history (calls pinned to them keep them); new calls get the newest published one.
 */
export async function publishDraft(db: Db, key: string, author: Author) {
  const { id } = await draftOf(db, key);
  const draft = await db.callScript.findUniqueOrThrow({ where: { id } });
  await checkPublishable(db, draft.content, draft.language);
  return audited(db, author, {
    action: 'script.publish',
    entityId: id,
    snapshot,
    write: async (tx) =>
      withContent(
        await tx.callScript.update({
          where: { id },
          data: { status: 'published', publishedAt: new Date(), publishedById: author.id, active: true },
        }),
      ),
    summary: (s) => `script ${s.key} v${s.version} published`,
  });
}

/** What the console would show for `content`: localized to `language`, fields for the customer. */
export async function previewScript(
  db: Db,
  input: { content: unknown; language?: string; customerId?: string | null; agentName?: string },
) {
  const shape = scriptShapeError(input.content);
  if (shape !== null) throw new BadRequestError(shape, 'BAD_SCRIPT');
  const customerId = input.customerId ?? null;
  if (customerId && !(await db.customer.findUnique({ where: { id: customerId }, select: { id: true } })))
    throw new NotFoundError('customer', customerId);
  return {
    content: localizeScript(input.content as ScriptContentValue, input.language),
    fields: await scriptFields(db, {
      customerId,
      agentName: input.agentName ?? null,
      language: input.language,
    }),
  };
}
