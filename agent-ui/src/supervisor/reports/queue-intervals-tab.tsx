// /supervisor/reports/queues: the queue interval report over past days — a chart and a table per the
// selection (range, interval size, queue, line), by the wallboard's definitions, and its files.
import { Alert, Card, Empty, Select, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useMessages } from '../../i18n/i18n-context.js';
import { DayRangeInputs, ReportHeader } from '../../shell/report-header.js';
import { useBoard } from '../board-context.js';
import { EChart } from '../charts-view.js';
import { duration, percent } from '../format.js';
import { ReportExportButtons } from './report-exports.js';
import {
  queueIntervalsQuery,
  useQueueIntervals,
  useReportDimensions,
  type IntervalSize,
  type QueueIntervalsSelection,
} from './reports-api.js';
import { reportsMessages } from './reports-messages.js';
import { reportChartOption, reportRows, yesterday, type ReportRow } from './reports-view.js';

/** The centre's zone until the board says otherwise (the server's default). */
const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export function QueueIntervalsTab() {
  const t = useMessages(reportsMessages);
  const board = useBoard();
  const dimensions = useReportDimensions();
  const [selection, setSelection] = useState<QueueIntervalsSelection>(() => {
    const day = yesterday(board?.timeZone ?? DEFAULT_TIME_ZONE);
    return { from: day, to: day, size: '60', queueId: null, lineId: null };
  });
  const badRange = selection.from > selection.to;
  const report = useQueueIntervals(selection);
  const set = (patch: Partial<QueueIntervalsSelection>) => setSelection((s) => ({ ...s, ...patch }));

  const rows = useMemo(() => (report.data ? reportRows(report.data, t('total')) : []), [report.data, t]);
  const option = useMemo(
    () =>
      report.data &&
      reportChartOption(report.data, {
        offered: t('offered'),
        answered: t('answered'),
        abandoned: t('abandoned'),
        serviceLevel: t('serviceLevel'),
      }),
    [report.data, t],
  );
  const sizes: Array<{ value: IntervalSize; label: string }> = [
    { value: '15', label: t('size15') },
    { value: '30', label: t('size30') },
    { value: '60', label: t('size60') },
    { value: 'day', label: t('sizeDay') },
  ];
  const hasCalls = (report.data?.queues ?? []).some((q) => q.intervals.length > 0);

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <ReportHeader title={t('heading')} selectionLabel={t('selection')}>
        <DayRangeInputs
          value={selection}
          onChange={(range) => set(range)}
          fromLabel={t('from')}
          toLabel={t('to')}
        />
        <Select<IntervalSize>
          aria-label={t('size')}
          value={selection.size}
          options={sizes}
          onChange={(size) => set({ size })}
          style={{ width: 130 }}
        />
        <Select<string>
          aria-label={t('queue')}
          value={selection.queueId ?? ''}
          options={[
            { value: '', label: t('allQueues') },
            ...(dimensions.data?.queues ?? []).map((q) => ({ value: q.id, label: q.displayName })),
          ]}
          onChange={(queueId) => set({ queueId: queueId || null })}
          style={{ minWidth: 160 }}
        />
        <Select<string>
          aria-label={t('line')}
          value={selection.lineId ?? ''}
          options={[
            { value: '', label: t('allLines') },
            ...(dimensions.data?.lines ?? []).map((l) => ({ value: l.id, label: `${l.dnis} · ${l.name}` })),
          ]}
          onChange={(lineId) => set({ lineId: lineId || null })}
          style={{ minWidth: 200 }}
        />
        <ReportExportButtons
          path="/api/reports/queue-intervals"
          query={queueIntervalsQuery(selection)}
          fileName={`kefu-queue-intervals-${selection.from}-${selection.to}-${selection.size}`}
          disabled={badRange}
        />
      </ReportHeader>
      {badRange && <Alert type="warning" role="alert" message={t('badRange')} />}
      {report.error && (
        <Alert type="error" role="alert" message={t('failed', { message: report.error.message })} />
      )}
      <Card>
        {option && hasCalls ? (
          <EChart option={option} height={300} label={t('chart')} />
        ) : (
          !report.isLoading && <Empty description={t('empty')} />
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('definitions')}
        </Typography.Paragraph>
        <Table<ReportRow>
          size="small"
          rowKey="key"
          loading={report.isLoading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: true }}
          rowClassName={(r) => (r.total ? 'kefu-report-total' : '')}
          columns={[
            { title: t('queue'), dataIndex: 'queue' },
            {
              title: t('interval'),
              render: (_, r) => (r.total ? <Typography.Text strong>{r.label}</Typography.Text> : r.label),
            },
            { title: t('offered'), render: (_, r) => r.figures.offered },
            { title: t('answered'), render: (_, r) => r.figures.answered },
            { title: t('abandoned'), render: (_, r) => r.figures.abandoned },
            { title: t('shortAbandoned'), render: (_, r) => r.figures.shortAbandoned },
            { title: t('overflowed'), render: (_, r) => r.figures.overflowed },
            { title: t('handled'), render: (_, r) => r.figures.handled },
            { title: t('serviceLevel'), render: (_, r) => percent(r.figures.serviceLevel) },
            { title: t('asa'), render: (_, r) => duration(r.figures.asaMs) },
            { title: t('aht'), render: (_, r) => duration(r.figures.ahtMs) },
            { title: t('abandonRate'), render: (_, r) => percent(r.figures.abandonRate) },
            { title: t('longestWait'), render: (_, r) => duration(r.figures.longestWaitMs) },
            { title: t('callbacks'), render: (_, r) => r.figures.callbacks },
          ]}
        />
      </Card>
    </Space>
  );
}
