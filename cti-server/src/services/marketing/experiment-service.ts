import type { Db } from '@kefu/db';
import type { Static } from 'typebox';
import { BadRequestError, ConflictError, NotFoundError } from '../../errors.js';
import type { ExperimentPatchBody, NewExperimentBody } from '../../schemas/experiments.js';
import { audited, type AuditActor, type Tx } from '../audit/audit-log.js';
import {
  completesScript,
  offerFigures,
  rate,
  storedAnswers,
  type ScriptGraph,
} from './conversion-figures.js';
import { twoProportionZTest } from './experiment-stats.js';

export type NewExperiment = Static<typeof NewExperimentBody>;
export type ExperimentPatch = Static<typeof ExperimentPatchBody>;
type Variant = 'A' | 'B';

const view = (e: NonNullable<Awaited<ReturnType<Db['experiment']['findUnique']>>>) => ({
  ...e,
  kind: e.kind as 'script' | 'offer',
  status: e.status as 'draft' | 'running' | 'stopped',
});

export async function listExperiments(db: Db) {
  const rows = await db.experiment.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
  return rows.map(view);
}

async function oneExperiment(db: Db | Tx, id: string) {
  const e = await db.experiment.findUnique({ where: { id } });
  if (!e) throw new NotFoundError('experiment', id);
  return view(e);
}

const snapshot = async (tx: Tx, id: string) => {
  const e = await tx.experiment.findUnique({ where: { id } });
  return e ? view(e) : null;
};

/** Script variants: published versions of the key; offer variants: existing rules. Never the same twice. */
async function checkVariants(
  db: Db,
  e: { kind: string; scriptKey: string | null; variantA: string; variantB: string },
) {
  if (e.variantA === e.variantB) throw new BadRequestError('variant A and B are the same', 'BAD_VARIANT');
  if (e.kind === 'script') {
    if (!e.scriptKey) throw new BadRequestError('a script experiment needs scriptKey', 'BAD_VARIANT');
    for (const v of [e.variantA, e.variantB]) {
      const version = /^[1-9]\d{0,8}$/.test(v) ? Number(v) : NaN;
      const found = Number.isNaN(version)
        ? null
        : await db.callScript.findFirst({
            where: { key: e.scriptKey, version, status: 'published' },
            select: { id: true },
          });
      if (!found)
        throw new BadRequestError(
          `"${v}" is not a published version of script ${e.scriptKey}`,
          'BAD_VARIANT',
        );
    }
  } else {
    if (e.scriptKey) throw new BadRequestError('an offer experiment has no scriptKey', 'BAD_VARIANT');
    const found = await db.crossSellRule.count({ where: { id: { in: [e.variantA, e.variantB] } } });
    if (found !== 2) throw new BadRequestError('both variants must be cross-sell rule ids', 'BAD_VARIANT');
  }
}

export async function createExperiment(db: Db, input: NewExperiment, actor: { id: string }) {
  const data = { ...input, scriptKey: input.scriptKey ?? null };
  await checkVariants(db, data);
  return audited(db, actor, {
    action: 'experiment.create',
    snapshot,
    write: async (tx) => view(await tx.experiment.create({ data: { ...data, createdById: actor.id } })),
    idOf: (e) => e.id,
    summary: (e) =>
      `experiment "${e.name}" created (${e.kind}: A ${e.variantA}, B ${e.variantB}, ${e.shareA}% A)`,
  });
}

/** The name changes any time; the split and the variants only while a draft (assignments would mix). */
export async function updateExperiment(db: Db, id: string, patch: ExperimentPatch, actor: AuditActor) {
  const e = await oneExperiment(db, id);
  const { name, ...split } = patch;
  if (Object.keys(split).length > 0 && e.status !== 'draft')
    throw new ConflictError(`experiment is ${e.status}: only its name can change`);
  await checkVariants(db, { ...e, ...split });
  return audited(db, actor, {
    action: 'experiment.update',
    entityId: id,
    snapshot,
    write: async (tx) => view(await tx.experiment.update({ where: { id }, data: { name, ...split } })),
  });
}

export async function startExperiment(db: Db, id: string, actor: AuditActor, now = new Date()) {
  const e = await oneExperiment(db, id);
  if (e.status !== 'draft') throw new ConflictError(`experiment is ${e.status}, not a draft`);
  const clash = await db.experiment.findFirst({
    where:
      e.kind === 'script'
        ? { status: 'running', kind: 'script', scriptKey: e.scriptKey }
        : {
            status: 'running',
            kind: 'offer',
            OR: [
              { variantA: { in: [e.variantA, e.variantB] } },
              { variantB: { in: [e.variantA, e.variantB] } },
            ],
          },
    select: { id: true, name: true },
  });
  if (clash)
    throw new ConflictError(
      `experiment "${clash.name}" is already running on the same ${e.kind === 'script' ? 'script' : 'rule'}`,
    );
  return audited(db, actor, {
    action: 'experiment.start',
    entityId: id,
    snapshot,
    write: async (tx) =>
      view(await tx.experiment.update({ where: { id }, data: { status: 'running', startedAt: now } })),
    summary: (r) => `experiment "${r.name}" started`,
  });
}

export async function stopExperiment(db: Db, id: string, actor: AuditActor, now = new Date()) {
  const e = await oneExperiment(db, id);
  if (e.status !== 'running') throw new ConflictError(`experiment is ${e.status}, not running`);
  return audited(db, actor, {
    action: 'experiment.stop',
    entityId: id,
    snapshot,
    write: async (tx) =>
      view(await tx.experiment.update({ where: { id }, data: { status: 'stopped', stoppedAt: now } })),
    summary: (r) => `experiment "${r.name}" stopped`,
  });
}

/**
 * Per variant, from the stored rows: calls = assignments; conversion = calls with an accepted
 * offer (script kind: of any rule; offer kind: of the variant's rule) / calls; completion (script
 * kind) = calls whose stored answers end the script. Each rate compared by the z-test.
 */
export async function experimentResults(db: Db, id: string) {
  const experiment = await oneExperiment(db, id);
  const assignments = await db.experimentAssignment.findMany({
    where: { experimentId: id },
    select: { variant: true, interaction: { select: { id: true, scriptAnswers: true } } },
  });
  const callIds = assignments.map((a) => a.interaction.id);
  const offers = callIds.length
    ? await db.crossSellOffer.findMany({
        where: { interactionId: { in: callIds } },
        select: { interactionId: true, ruleId: true, outcome: true },
      })
    : [];
  const script = experiment.kind === 'script';
  const contents = new Map<string, ScriptGraph>();
  if (script) {
    const rows = await db.callScript.findMany({
      where: { key: experiment.scriptKey! },
      select: { key: true, version: true, content: true },
    });
    for (const r of rows) contents.set(`${r.key}:${r.version}`, r.content as unknown as ScriptGraph);
  }
  const rules = script
    ? new Map<string, string>()
    : new Map(
        (
          await db.crossSellRule.findMany({
            where: { id: { in: [experiment.variantA, experiment.variantB] } },
            select: { id: true, name: true },
          })
        ).map((r) => [r.id, r.name]),
      );

  const variants = (['A', 'B'] as const).map((variant: Variant) => {
    const ref = variant === 'A' ? experiment.variantA : experiment.variantB;
    const calls = assignments.filter((a) => a.variant === variant).map((a) => a.interaction);
    const ids = new Set(calls.map((c) => c.id));
    const figures = offerFigures(offers, (o) => ids.has(o.interactionId!) && (script || o.ruleId === ref));
    const completed = script
      ? calls.filter((c) => {
          const stored = storedAnswers(c.scriptAnswers);
          const content = stored && contents.get(`${stored.scriptKey}:${stored.version}`);
          return (
            !!content && stored.scriptKey === experiment.scriptKey && completesScript(content, stored.answers)
          );
        }).length
      : 0;
    return {
      variant,
      label: script ? `v${ref}` : (rules.get(ref) ?? ref),
      calls: calls.length,
      completed,
      completionRate: script ? rate(completed, calls.length) : null,
      offersMade: figures.offersMade,
      offersAccepted: figures.offersAccepted,
      converted: figures.convertedCalls.size,
      conversionRate: rate(figures.convertedCalls.size, calls.length),
    };
  });
  const [a, b] = variants as [(typeof variants)[0], (typeof variants)[0]];
  const test = (metric: 'conversion' | 'completion', success: (v: typeof a) => number) => ({
    metric,
    ...twoProportionZTest(
      { successes: success(a), trials: a.calls },
      { successes: success(b), trials: b.calls },
    ),
  });
  const tests = [test('conversion', (v) => v.converted)];
  if (script) tests.push(test('completion', (v) => v.completed));
  return { experiment, variants: variants.map(({ converted: _, ...v }) => v), tests };
}
