// Server state of the reports: what they filter by, the queue interval report, and the files
// (CSV, XLSX) every report exports.
import { useQuery } from '@tanstack/react-query';
import type { QueueIntervalsReport, ReportDimensions } from '@kefu/cti-server/contract';
import { ApiError } from '../../api/api-client.js';
import { useSignedIn } from '../../session/session-context.js';

export type IntervalSize = '15' | '30' | '60' | 'day';
export type ExportFormat = 'csv' | 'xlsx';

export interface QueueIntervalsSelection {
  from: string;
  to: string;
  size: IntervalSize;
  /** null: every queue. */
  queueId: string | null;
  /** null: every line. */
  lineId: string | null;
}

export function queueIntervalsQuery(s: QueueIntervalsSelection): string {
  const query = new URLSearchParams({ from: s.from, to: s.to, size: s.size });
  if (s.queueId) query.set('queueId', s.queueId);
  if (s.lineId) query.set('lineId', s.lineId);
  return query.toString();
}

export function useQueueIntervals(s: QueueIntervalsSelection) {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: ['reports', 'queue-intervals', s.from, s.to, s.size, s.queueId, s.lineId],
    queryFn: () => api.get<QueueIntervalsReport>(`/api/reports/queue-intervals?${queueIntervalsQuery(s)}`),
    enabled: s.from <= s.to,
  });
}

/** The queues, lines, teams and agents the reports filter by. */
export function useReportDimensions() {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: ['reports', 'dimensions'],
    queryFn: () => api.get<ReportDimensions>('/api/reports/dimensions'),
    staleTime: 60_000,
  });
}

/**
 * Saves a report's file as the server writes it (`<path>.csv` or `.xlsx`; a file, not JSON:
 * fetched with the session's token).
 */
export async function downloadReport(
  token: string,
  path: string,
  query: string,
  format: ExportFormat,
  fileName: string,
): Promise<void> {
  const res = await fetch(`${path}.${format}?${query}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    throw new ApiError(body.message ?? `HTTP ${res.status}`, res.status);
  }
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `${fileName}.${format}`;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
