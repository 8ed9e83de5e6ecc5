import type { QueueOutcome } from './replay-types.js';

export interface ReportColumn {
  title: string;
  outcomes: QueueOutcome[];
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const secs = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);

/** Per queue, one row per figure and one column per run (what happened, replays), as plain text. */
export function formatReplayReport(
  heading: string[],
  queueNames: Map<string, string>,
  columns: ReportColumn[],
): string {
  const rows: string[][] = [['queue', 'figure', ...columns.map((c) => c.title)]];
  for (const [queueId, name] of queueNames) {
    const of = (c: ReportColumn) => c.outcomes.find((o) => o.queueId === queueId);
    const first = of(columns[0]!);
    // A queue no call went to says nothing.
    if (!first || columns.every((c) => (of(c)?.offered ?? 0) === 0)) continue;
    const line = (label: string, cell: (o: QueueOutcome) => string, withName = false) =>
      rows.push([withName ? name : '', label, ...columns.map((c) => ((o) => (o ? cell(o) : '—'))(of(c)))]);
    line('offered', (o) => String(o.offered), true);
    line('answered', (o) => String(o.answered));
    line('abandoned', (o) => String(o.abandoned));
    if (columns.some((c) => (of(c)?.overflowed ?? 0) > 0)) line('overflowed', (o) => String(o.overflowed));
    if (columns.some((c) => (of(c)?.unresolved ?? 0) > 0)) line('unresolved', (o) => String(o.unresolved));
    line(`service level ${first.serviceLevelSeconds}s`, (o) => pct(o.serviceLevel));
    line('ASA', (o) => secs(o.asaMs));
    line('abandon rate', (o) => pct(o.abandonRate));
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const table = rows.map((r) =>
    r
      .map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
  return [...heading, '', ...table].join('\n');
}
