// /supervisor/reports/lines: lines and IVR over past days — where each line's calls went, and the
// chosen line's flow with each step's callers, next steps and hang-ups written on it
// (docs/METRICS.md, "Lines and IVR"), and the files.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Select, Space, Spin, Table, Typography } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import type { LineIvrFigures, LinesIvrReport } from '@kefu/cti-server/contract';
import { defineCatalog } from '../../i18n/catalog.js';
import { useI18n, useMessages } from '../../i18n/i18n-context.js';
import { useSignedIn } from '../../session/session-context.js';
import { DayRangeInputs, ReportHeader, type DayRange } from '../../shell/report-header.js';
import { useBoard } from '../board-context.js';
import { EChart } from '../charts-view.js';
import { duration, percent } from '../format.js';
import { flowNotes, linesChartOption } from './lines-ivr-view.js';
import { ReportExportButtons } from './report-exports.js';
import { useReportDimensions } from './reports-api.js';
import { yesterday } from './reports-view.js';

// The administration's flow drawing (@xyflow/react), in its own chunk.
const FlowDiagram = lazy(() => import('../../admin/lines/flow-diagram.js'));

const messages = defineCatalog(
  {
    heading: 'Lines & IVR',
    selection: 'Report selection',
    from: 'From',
    to: 'To',
    line: 'Line',
    allLines: 'All lines',
    failed: 'The report could not be loaded: {message}',
    chart: 'Calls per line: queued, ended in self-service, hung up in the IVR, other',
    queued: 'Queued',
    selfService: 'Self-service',
    abandoned: 'Hung up in the IVR',
    other: 'Other',
    empty: 'No calls in this range.',
    calls: 'Calls',
    ivrCalls: 'Through the IVR',
    containment: 'Containment',
    meanIvr: 'Mean time in IVR',
    medianIvr: 'Median time in IVR',
    flowOf: 'The IVR of {line}',
    flow: 'The line’s IVR flow with each step’s callers, hang-ups and the callers on each exit',
    noFlow: 'This line has no IVR.',
    step: 'Step',
    type: 'Kind',
    entered: 'in',
    dropped: 'hung up',
    enteredColumn: 'Entered',
    droppedColumn: 'Hung up here',
    next: 'Went on to',
    exits: 'Left by',
    retriesExhausted: 'retries exhausted',
    exit_queue: 'to a queue',
    exit_voicemail: 'voicemail',
    exit_callback: 'callback requested',
    exit_transfer: 'transferred out',
    exit_hangup: 'ended by the flow',
    meanStep: 'Mean time at step',
    definitions:
      'Containment: IVR calls that ended in self-service (a voicemail, a callback request or the flow’s own goodbye) / IVR calls.',
  },
  {
    heading: '线路与 IVR',
    selection: '报表条件',
    from: '开始日期',
    to: '结束日期',
    line: '线路',
    allLines: '全部线路',
    failed: '报表加载失败：{message}',
    chart: '每条线路的来电：进入队列、自助完成、在 IVR 中挂机、其他',
    queued: '进入队列',
    selfService: '自助完成',
    abandoned: 'IVR 中挂机',
    other: '其他',
    empty: '该时间范围内没有来电。',
    calls: '来电',
    ivrCalls: '经过 IVR',
    containment: '自助率',
    meanIvr: 'IVR 平均时长',
    medianIvr: 'IVR 时长中位数',
    flowOf: '{line} 的 IVR',
    flow: '线路的 IVR 流程：每个步骤的进入和挂机人数，以及每个出口的人数',
    noFlow: '该线路没有 IVR。',
    step: '步骤',
    type: '类型',
    entered: '进入',
    dropped: '挂机',
    enteredColumn: '进入',
    droppedColumn: '在此挂机',
    next: '去向',
    exits: '离开方式',
    retriesExhausted: '重试次数用尽',
    exit_queue: '进入队列',
    exit_voicemail: '留言',
    exit_callback: '请求回呼',
    exit_transfer: '转接外线',
    exit_hangup: '流程结束通话',
    meanStep: '步骤平均时长',
    definitions: '自助率：在自助服务中结束的 IVR 来电（留言、回呼请求或流程自身的结束语）/ 经过 IVR 的来电。',
  },
);

const FINAL_RESULTS: ReadonlySet<string> = new Set(['queue', 'voicemail', 'callback', 'transfer', 'hangup']);
type FinalResult = 'queue' | 'voicemail' | 'callback' | 'transfer' | 'hangup';

interface Selection extends DayRange {
  lineId: string | null;
}

function query(s: Selection): string {
  const q = new URLSearchParams({ from: s.from, to: s.to });
  if (s.lineId) q.set('lineId', s.lineId);
  return q.toString();
}

type Step = LineIvrFigures['steps'][number];

export function LinesIvrTab() {
  const t = useMessages(messages);
  const common = useI18n();
  // How a step ended, in words: the IVR's result codes as the agent's IVR path panel shows them.
  const exitText = (result: string): string => {
    const [kind = result, detail] = result.split(':', 2);
    if (kind === 'choice') return common.t('ivrChoice', { key: detail ?? '' });
    // A final step's result is its kind.
    if (FINAL_RESULTS.has(kind)) return t(`exit_${kind as FinalResult}`);
    const text = common.code('ivr', kind);
    return detail === 'retries-exhausted' ? `${text} (${t('retriesExhausted')})` : text;
  };
  const { api } = useSignedIn();
  const board = useBoard();
  const dimensions = useReportDimensions();
  const [selection, setSelection] = useState<Selection>(() => {
    const day = yesterday(board?.timeZone ?? 'Asia/Shanghai');
    return { from: day, to: day, lineId: null };
  });
  const [shown, setShown] = useState<string | null>(null);
  const set = (patch: Partial<Selection>) => setSelection((s) => ({ ...s, ...patch }));
  const badRange = selection.from > selection.to;
  const report = useQuery({
    queryKey: ['reports', 'lines', selection],
    queryFn: () => api.get<LinesIvrReport>(`/api/reports/lines?${query(selection)}`),
    enabled: !badRange,
  });
  const lines = report.data?.lines ?? [];
  const option = useMemo(
    () =>
      report.data &&
      linesChartOption(report.data, {
        queued: t('queued'),
        selfService: t('selfService'),
        abandoned: t('abandoned'),
        other: t('other'),
      }),
    [report.data, t],
  );
  // The line whose flow is drawn: the one chosen, else the busiest with an IVR.
  const line =
    lines.find((l) => l.lineId === shown) ??
    [...lines].filter((l) => l.graph).sort((a, b) => b.ivrCalls - a.ivrCalls)[0];
  const notes = useMemo(
    () => line && flowNotes(line, { entered: t('entered'), dropped: t('dropped') }),
    [line, t],
  );

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <ReportHeader title={t('heading')} selectionLabel={t('selection')}>
        <DayRangeInputs value={selection} onChange={set} fromLabel={t('from')} toLabel={t('to')} />
        <Select<string>
          aria-label={t('line')}
          value={selection.lineId ?? ''}
          options={[
            { value: '', label: t('allLines') },
            ...(dimensions.data?.lines ?? []).map((l) => ({ value: l.id, label: `${l.dnis} · ${l.name}` })),
          ]}
          onChange={(lineId) => set({ lineId: lineId || null })}
          style={{ minWidth: 220 }}
        />
        <ReportExportButtons
          path="/api/reports/lines"
          query={query(selection)}
          fileName={`kefu-lines-ivr-${selection.from}-${selection.to}`}
          disabled={badRange}
        />
      </ReportHeader>
      {report.error && (
        <Alert type="error" role="alert" message={t('failed', { message: report.error.message })} />
      )}
      <Card>
        {option && lines.some((l) => l.calls > 0) ? (
          <EChart option={option} height={260} label={t('chart')} />
        ) : (
          !report.isLoading && <Empty description={t('empty')} />
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('definitions')}
        </Typography.Paragraph>
        <Table<LineIvrFigures>
          size="small"
          rowKey="lineId"
          loading={report.isLoading}
          dataSource={lines}
          pagination={false}
          scroll={{ x: true }}
          onRow={(l) => ({ onClick: () => setShown(l.lineId), style: { cursor: 'pointer' } })}
          rowClassName={(l) => (l.lineId === line?.lineId ? 'ant-table-row-selected' : '')}
          columns={[
            { title: t('line'), render: (_, l) => `${l.dnis} · ${l.name}` },
            { title: t('calls'), dataIndex: 'calls' },
            { title: t('ivrCalls'), dataIndex: 'ivrCalls' },
            { title: t('queued'), dataIndex: 'queued' },
            { title: t('selfService'), render: (_, l) => l.ends.voicemail + l.ends.callback + l.ends.hangup },
            { title: t('abandoned'), render: (_, l) => l.ends.abandoned },
            { title: t('containment'), render: (_, l) => percent(l.containment) },
            { title: t('meanIvr'), render: (_, l) => duration(l.meanIvrMs) },
            { title: t('medianIvr'), render: (_, l) => duration(l.medianIvrMs) },
          ]}
        />
      </Card>
      {line && (
        <Card title={t('flowOf', { line: `${line.dnis} · ${line.name}` })}>
          {line.graph && notes ? (
            <Suspense fallback={<Spin />}>
              <FlowDiagram
                graph={line.graph}
                label={t('flow')}
                nodeNotes={notes.nodes}
                edgeNotes={notes.edges}
              />
            </Suspense>
          ) : (
            <Empty description={t('noFlow')} />
          )}
          <Table<Step>
            style={{ marginTop: 16 }}
            size="small"
            rowKey="step"
            dataSource={line.steps}
            pagination={false}
            columns={[
              { title: t('step'), dataIndex: 'step' },
              { title: t('type'), dataIndex: 'type' },
              { title: t('enteredColumn'), dataIndex: 'entered' },
              { title: t('droppedColumn'), dataIndex: 'dropped' },
              {
                title: t('next'),
                render: (_, s) =>
                  Object.entries(s.next)
                    .map(([to, n]) => `${to} ${n}`)
                    .join(', '),
              },
              {
                title: t('exits'),
                render: (_, s) =>
                  Object.entries(s.exits)
                    .map(([result, n]) => `${exitText(result)} ${n}`)
                    .join(', '),
              },
              { title: t('meanStep'), render: (_, s) => duration(s.meanMs) },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
