import type { Db, Prisma } from '@kefu/db';
import type { Static } from 'typebox';
import { BadRequestError, NotFoundError } from '../../errors.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { ScriptAnswersBody, ScriptAudience } from '../../schemas/scripts.js';
import { callForWriter, type LiveCallOf } from '../auth/call-access.js';
import { assignVariant, type Variant } from '../marketing/experiment-assignment.js';
import { CUSTOMER_CAPTURE_FIELDS } from '../marketing/script-check.js';
import { localizeScript, scriptFields } from '../marketing/script-fields.js';
import { chooseScript } from './script-choice.js';
import type { ScriptContentValue } from './script-content.js';

export type ScriptAnswers = Static<typeof ScriptAnswersBody>;
export type ScriptAudienceValue = Static<typeof ScriptAudience>;

export const summarySelect = {
  id: true,
  key: true,
  version: true,
  title: true,
  language: true,
  lineId: true,
  queueId: true,
  active: true,
  status: true,
  publishedAt: true,
  audience: true,
  campaign: true,
  createdById: true,
  createdAt: true,
} as const;

/** Stored content passed checkScriptContent on the way in, the audience its schema. */
export const withContent = <T extends { content: unknown; audience: unknown }>(row: T) => ({
  ...row,
  content: row.content as ScriptContentValue,
  audience: (row.audience ?? null) as ScriptAudienceValue | null,
});

const summary = <T extends { audience: unknown }>(row: T) => ({
  ...row,
  audience: (row.audience ?? null) as ScriptAudienceValue | null,
});

export async function listScripts(db: Db, filter: { active?: boolean; language?: string; status?: string }) {
  const rows = await db.callScript.findMany({
    where: { active: filter.active, language: filter.language, status: filter.status },
    select: summarySelect,
    orderBy: [{ key: 'asc' }, { version: 'desc' }],
  });
  return rows.map(summary);
}

/** Every version of a script, newest first. */
export async function scriptVersions(db: Db, key: string) {
  const versions = await db.callScript.findMany({ where: { key }, orderBy: { version: 'desc' } });
  if (versions.length === 0) throw new NotFoundError('script', key);
  return versions.map(withContent);
}

/**
 * The script the agent should follow on `callId`, in `language` when there is one (a script of
 * that language, or a script translated into it), with the placeholders' values for the call's
 * customer and `agentName`.
 */
export async function scriptForCall(
  db: Db,
  callId: string,
  language: string,
  agentName: string | null = null,
) {
  const call = await db.interaction.findUnique({
    where: { callId },
    select: {
      id: true,
      lineId: true,
      queueId: true,
      scriptKey: true,
      scriptVersion: true,
      offeredAt: true,
      customerId: true,
    },
  });
  if (!call) throw new NotFoundError('call', callId);
  const bindings = [
    ...(call.lineId ? [{ lineId: call.lineId }] : []),
    ...(call.queueId ? [{ queueId: call.queueId }] : []),
  ];
  const candidates =
    bindings.length === 0
      ? []
      : await db.callScript.findMany({
          where: {
            active: true,
            status: 'published',
            // A call gets what was live when it started, even when the console asks later.
            AND: [
              { OR: bindings },
              { OR: [{ publishedAt: null }, { publishedAt: { lte: call.offeredAt } }] },
            ],
          },
          select: { ...summarySelect, content: true },
        });
  const customer = call.customerId
    ? await db.customer.findUnique({
        where: { id: call.customerId },
        select: { vipTier: true, lifecycleStage: true, valueQuadrant: true, segment: true },
      })
    : null;
  const choice = chooseScript(
    candidates.map(({ content, ...c }) => ({
      ...c,
      languages: (content as ScriptContentValue).languages ?? [],
    })),
    { ...call, customer },
    language,
  );
  if (!choice) throw new NotFoundError('script for call', callId);
  const { version, experiment } = await versionForCall(db, call, callId, choice.script);
  const script =
    (await db.callScript.findUnique({ where: { key_version: { key: choice.script.key, version } } })) ??
    (await db.callScript.findUniqueOrThrow({ where: { id: choice.script.id } }));
  const shown = withContent(script);
  return {
    callId,
    matchedBy: choice.matchedBy,
    script: { ...shown, content: localizeScript(shown.content, language, shown.language) },
    alternatives: choice.alternatives.map(({ key, version: v, title, language: lang }) => ({
      key,
      version: v,
      title,
      language: lang,
    })),
    fields: await scriptFields(db, { customerId: call.customerId, agentName, language }),
    experiment,
  };
}

/**
 * The version of the chosen script this call follows, kept on the call the first time: a
 * version published mid-call does not replace the one the agent is reading, and the conversion
 * figures join answers and offers to the version shown. A running script experiment on the key
 * picks variant A's or B's version for the call (stored per call, see experiment-assignment.ts).
 */
async function versionForCall(
  db: Db,
  call: { id: string; scriptKey: string | null; scriptVersion: number | null },
  callId: string,
  chosen: { key: string; version: number },
): Promise<{ version: number; experiment: { id: string; variant: Variant } | null }> {
  if (call.scriptKey === chosen.key && call.scriptVersion !== null) {
    const assigned = await db.experimentAssignment.findFirst({
      where: { interactionId: call.id, experiment: { kind: 'script', scriptKey: chosen.key } },
      select: { experimentId: true, variant: true },
    });
    return {
      version: call.scriptVersion,
      experiment: assigned ? { id: assigned.experimentId, variant: assigned.variant as Variant } : null,
    };
  }
  let version = chosen.version;
  let picked: { id: string; variant: Variant } | null = null;
  const experiment = await db.experiment.findFirst({
    where: { kind: 'script', scriptKey: chosen.key, status: 'running' },
    select: { id: true, shareA: true, variantA: true, variantB: true },
  });
  if (experiment) {
    const variant = await assignVariant(db, experiment, { interactionId: call.id, callId });
    const wanted = Number(variant === 'A' ? experiment.variantA : experiment.variantB);
    if (Number.isInteger(wanted)) version = wanted;
    picked = { id: experiment.id, variant };
  }
  await db.interaction.update({
    where: { id: call.id },
    data: { scriptKey: chosen.key, scriptVersion: version },
  });
  return { version, experiment: picked };
}

/**
 * Replaces the answers stored on the call. Each answer must name a node of the script
 * version it was given for, so reports can join answers back to the questions.
 */
export async function saveScriptAnswers(
  db: Db,
  user: AuthUser,
  callId: string,
  input: ScriptAnswers,
  liveCallOf: LiveCallOf,
  now = new Date(),
) {
  const call = await callForWriter(db, user, callId, liveCallOf);
  const script = await db.callScript.findUnique({
    where: { key_version: { key: input.scriptKey, version: input.version } },
    select: { content: true },
  });
  if (!script) throw new NotFoundError('script', `${input.scriptKey} v${input.version}`);
  const nodes = (script.content as ScriptContentValue).nodes;
  const unknown = input.answers.find((a) => !Object.hasOwn(nodes, a.nodeId));
  if (unknown) {
    throw new BadRequestError(
      `node "${unknown.nodeId}" is not in script ${input.scriptKey} v${input.version}`,
      'BAD_SCRIPT_ANSWER',
    );
  }
  const scriptAnswers = {
    scriptKey: input.scriptKey,
    version: input.version,
    answers: input.answers,
    savedBy: user.id,
    savedAt: now.toISOString(),
  };
  const captures = customerCaptures(nodes, input.answers);
  await db.$transaction(async (tx) => {
    await tx.interaction.update({ where: { id: call.id }, data: { scriptAnswers } });
    if (call.customerId)
      await writeCaptures(
        tx,
        call.customerId,
        captures,
        user.id,
        `script ${input.scriptKey} v${input.version}`,
      );
  });
  return { interactionId: call.id, callId, scriptAnswers };
}

/**
 * Values typed on capture nodes that write to the customer (the last one per field wins). The
 * check refused other fields when the version was saved; they are skipped here all the same.
 */
function customerCaptures(
  nodes: ScriptContentValue['nodes'],
  answers: readonly { nodeId: string; answer: string }[],
): Map<CaptureField, string> {
  const values = new Map<CaptureField, string>();
  for (const a of answers) {
    const capture = nodes[a.nodeId]?.capture;
    if (capture?.target !== 'customer' || !isCaptureField(capture.field)) continue;
    const value = a.answer.trim();
    if (value !== '') values.set(capture.field, value);
  }
  return values;
}

type CaptureField = 'email' | 'city' | 'address' | 'notes';
const isCaptureField = (field: string): field is CaptureField => CUSTOMER_CAPTURE_FIELDS.includes(field);

/** Writes the captured values that differ, each recorded as a CustomerChange by the agent. */
async function writeCaptures(
  tx: Prisma.TransactionClient,
  customerId: string,
  values: Map<CaptureField, string>,
  actorId: string,
  reason: string,
) {
  if (values.size === 0) return;
  const customer = await tx.customer.findUnique({
    where: { id: customerId },
    select: { email: true, city: true, address: true, notes: true },
  });
  if (!customer) return;
  const changed = [...values].filter(([field, value]) => customer[field] !== value);
  if (changed.length === 0) return;
  await tx.customer.update({ where: { id: customerId }, data: Object.fromEntries(changed) });
  await tx.customerChange.createMany({
    data: changed.map(([field, value]) => ({
      customerId,
      field,
      fromValue: customer[field],
      toValue: value,
      reason,
      actorId,
    })),
  });
}
