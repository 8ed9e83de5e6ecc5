// pnpm acd:replay --from <date> --to <date> [--policy <file.json>] [--answer-delay <seconds>] [--all-ready]
//
// Replays the calls stored between two dates through the ACD on a simulated clock and prints,
// per queue, service level, ASA and abandonment: what actually happened, the replay with the
// stored configuration (how close the model comes), and the replay with the what-if policy.
// Reads the database the server uses (DATABASE_URL, else <DATA_DIR>/kefu.db).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase, resolveDatabase, type Db } from '@kefu/db';
import { recordedOutcomes, runReplay } from '../acd/index.js';
import { formatReplayReport, type ReportColumn } from '../acd/replay/replay-report.js';
import { parseReplayPolicy, replayScenario } from '../services/routing/acd-replay-policy.js';
import { loadReplayData } from '../services/routing/acd-replay-source.js';

export class UsageError extends Error {}

const USAGE =
  'usage: acd:replay --from <date> --to <date> [--policy <file.json>] [--answer-delay <seconds>] [--all-ready]';

/** Parses the arguments, runs the replays and returns the report. */
export async function acdReplay(db: Db, argv: string[], read = (file: string) => readFile(file, 'utf8')) {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      policy: { type: 'string' },
      'answer-delay': { type: 'string' },
      'all-ready': { type: 'boolean' },
    },
  });
  const from = date(values.from, '--from');
  const to = date(values.to, '--to');
  if (to <= from) throw new UsageError('--to must be after --from');
  const answerDelayMs =
    values['answer-delay'] === undefined ? undefined : Number(values['answer-delay']) * 1000;
  if (answerDelayMs !== undefined && !(answerDelayMs >= 0))
    throw new UsageError('--answer-delay must be seconds ≥ 0');
  const policy = values.policy ? parseReplayPolicy(JSON.parse(await read(values.policy))) : undefined;

  const loaded = await loadReplayData(db, from, to);
  // Demo data has calls but no staffing history: let every agent work the whole window.
  const data = values['all-ready']
    ? {
        ...loaded,
        staffing: loaded.agents.map((a) => ({
          agentId: a.id,
          at: loaded.from,
          state: 'ready' as const,
          reason: null,
        })),
      }
    : loaded;
  // Every column is measured against the what-if's service-level thresholds, so they compare.
  const whatIf = replayScenario(data, policy);
  const threshold = new Map(whatIf.queues.map((q) => [q.id, q.serviceLevelSeconds]));
  const baseline = replayScenario(data);
  const stored = {
    ...baseline,
    queues: baseline.queues.map((q) => ({ ...q, serviceLevelSeconds: threshold.get(q.id) })),
  };
  const columns: ReportColumn[] = [
    { title: 'actual', outcomes: recordedOutcomes(whatIf) },
    { title: 'replay', outcomes: runReplay(stored, { answerDelayMs }) },
  ];
  if (policy) columns.push({ title: 'what-if', outcomes: runReplay(whatIf, { answerDelayMs }) });

  const heading = [
    `ACD replay ${from.toISOString()} → ${to.toISOString()}: ${data.calls.length} calls, ` +
      `${data.agents.length} agents, ${data.staffing.length} staffing changes`,
    `replay = stored configuration${policy ? `; what-if = ${path.basename(values.policy!)}` : ''}` +
      (values['all-ready'] ? '; every agent ready throughout (--all-ready)' : ''),
  ];
  if (data.staffing.length === 0)
    heading.push('no staffing recorded: nobody answers in the replay (try --all-ready)');
  return formatReplayReport(heading, new Map(data.queues.map((q) => [q.id, q.name])), columns);
}

function date(value: string | undefined, flag: string): Date {
  if (!value) throw new UsageError(`${flag} is required\n${USAGE}`);
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new UsageError(`${flag}: not a date: "${value}"`);
  return d;
}

async function main(): Promise<void> {
  const db = await openDatabase(resolveDatabase(process.env.DATABASE_URL));
  try {
    console.log(await acdReplay(db, process.argv.slice(2)));
  } finally {
    await db.$disconnect();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
