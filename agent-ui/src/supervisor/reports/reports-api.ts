// Server state of the reports page: the queue interval report and its CSV.
import { useQuery } from '@tanstack/react-query';
import type { QueueIntervalsReport } from '@kefu/cti-server/contract';
import { ApiError } from '../../api/api-client.js';
import { useSignedIn } from '../../session/session-context.js';

export type IntervalSize = '15' | '30' | '60' | 'day';

export interface QueueIntervalsSelection {
  from: string;
  to: string;
  size: IntervalSize;
  /** null: every queue. */
  queueId: string | null;
}

export function queueIntervalsQuery(s: QueueIntervalsSelection): string {
  const query = new URLSearchParams({ from: s.from, to: s.to, size: s.size });
  if (s.queueId) query.set('queueId', s.queueId);
  return query.toString();
}

export function useQueueIntervals(s: QueueIntervalsSelection) {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: ['reports', 'queue-intervals', s.from, s.to, s.size, s.queueId],
    queryFn: () => api.get<QueueIntervalsReport>(`/api/reports/queue-intervals?${queueIntervalsQuery(s)}`),
    enabled: s.from <= s.to,
  });
}

/** Saves the CSV the server writes (a file, not JSON: fetched with the session's token). */
export async function downloadQueueIntervalsCsv(token: string, s: QueueIntervalsSelection): Promise<void> {
  const res = await fetch(`/api/reports/queue-intervals.csv?${queueIntervalsQuery(s)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    throw new ApiError(body.message ?? `HTTP ${res.status}`, res.status);
  }
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `kefu-queue-intervals-${s.from}-${s.to}-${s.size}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
