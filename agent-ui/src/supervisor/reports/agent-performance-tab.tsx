// /supervisor/reports/agents: agent performance over past days — each agent's time as a chart,
// every figure in a table (docs/METRICS.md, "Agent performance"), and the files.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { AgentPerformanceReport, AgentPerformanceRow } from '@kefu/cti-server/contract';
import { defineCatalog } from '../../i18n/catalog.js';
import { useMessages } from '../../i18n/i18n-context.js';
import { useSignedIn } from '../../session/session-context.js';
import { DayRangeInputs, ReportHeader, type DayRange } from '../../shell/report-header.js';
import { useBoard } from '../board-context.js';
import { EChart } from '../charts-view.js';
import { duration, percent } from '../format.js';
import { agentTimeChartOption } from './agent-performance-view.js';
import { ReportExportButtons } from './report-exports.js';
import { useReportDimensions } from './reports-api.js';
import { yesterday } from './reports-view.js';

const messages = defineCatalog(
  {
    heading: 'Agent performance',
    selection: 'Report selection',
    from: 'From',
    to: 'To',
    team: 'Team',
    allTeams: 'All teams',
    agent: 'Agent',
    allAgents: 'All agents',
    failed: 'The report could not be loaded: {message}',
    chart: 'Each agent’s logged-in hours: on calls, not ready and available',
    busy: 'On calls',
    notReady: 'Not ready',
    available: 'Available',
    empty: 'No agent was logged in in this range.',
    handled: 'Handled',
    aht: 'AHT',
    talk: 'Talk',
    hold: 'Hold',
    wrap: 'Wrap-up',
    loggedIn: 'Logged in',
    notReadyByReason: 'Not ready by reason',
    occupancy: 'Occupancy',
    utilisation: 'Utilisation',
    ringNoAnswer: 'Ring no answer',
    transfers: 'Transfers',
    dispositions: 'Dispositions',
    followUps: 'Follow-ups done / created',
    definitions:
      'The wallboard’s definitions: AHT = (talk + hold + wrap-up) / handled; occupancy = on calls / (logged in − not ready); utilisation = on calls / logged in.',
  },
  {
    heading: '坐席绩效',
    selection: '报表条件',
    from: '开始日期',
    to: '结束日期',
    team: '班组',
    allTeams: '全部班组',
    agent: '坐席',
    allAgents: '全部坐席',
    failed: '报表加载失败：{message}',
    chart: '每位坐席的登录时长：通话中、未就绪和空闲',
    busy: '通话中',
    notReady: '未就绪',
    available: '空闲',
    empty: '该时间范围内没有坐席登录。',
    handled: '处理量',
    aht: '平均处理时长',
    talk: '通话',
    hold: '保持',
    wrap: '话后处理',
    loggedIn: '登录时长',
    notReadyByReason: '未就绪（按原因）',
    occupancy: '占用率',
    utilisation: '利用率',
    ringNoAnswer: '振铃未接',
    transfers: '转接',
    dispositions: '处理结果',
    followUps: '跟进 完成 / 创建',
    definitions:
      '与实时大屏口径相同：平均处理时长 =（通话 + 保持 + 话后处理）/ 处理量；占用率 = 通话中 /（登录 − 未就绪）；利用率 = 通话中 / 登录。',
  },
);

interface Selection extends DayRange {
  team: string | null;
  agentId: string | null;
}

function query(s: Selection): string {
  const q = new URLSearchParams({ from: s.from, to: s.to });
  if (s.team) q.set('team', s.team);
  if (s.agentId) q.set('agentId', s.agentId);
  return q.toString();
}

const tags = (record: Record<string, number>, show: (n: number) => string) =>
  Object.entries(record)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => (
      <Tag key={k}>
        {k} {show(n)}
      </Tag>
    ));

export function AgentPerformanceTab() {
  const t = useMessages(messages);
  const { api } = useSignedIn();
  const board = useBoard();
  const dimensions = useReportDimensions();
  const [selection, setSelection] = useState<Selection>(() => {
    const day = yesterday(board?.timeZone ?? 'Asia/Shanghai');
    return { from: day, to: day, team: null, agentId: null };
  });
  const set = (patch: Partial<Selection>) => setSelection((s) => ({ ...s, ...patch }));
  const badRange = selection.from > selection.to;
  const report = useQuery({
    queryKey: ['reports', 'agents', selection],
    queryFn: () => api.get<AgentPerformanceReport>(`/api/reports/agents?${query(selection)}`),
    enabled: !badRange,
  });
  const option = useMemo(
    () =>
      report.data &&
      agentTimeChartOption(report.data, {
        busy: t('busy'),
        notReady: t('notReady'),
        available: t('available'),
      }),
    [report.data, t],
  );
  const anyone = (report.data?.agents ?? []).some((a) => a.loggedInMs > 0);
  const agents = (dimensions.data?.agents ?? []).filter((a) => !selection.team || a.team === selection.team);

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <ReportHeader title={t('heading')} selectionLabel={t('selection')}>
        <DayRangeInputs value={selection} onChange={set} fromLabel={t('from')} toLabel={t('to')} />
        <Select<string>
          aria-label={t('team')}
          value={selection.team ?? ''}
          options={[
            { value: '', label: t('allTeams') },
            ...(dimensions.data?.teams ?? []).map((team) => ({ value: team, label: team })),
          ]}
          onChange={(team) => set({ team: team || null, agentId: null })}
          style={{ minWidth: 130 }}
        />
        <Select<string>
          aria-label={t('agent')}
          value={selection.agentId ?? ''}
          showSearch
          optionFilterProp="label"
          options={[
            { value: '', label: t('allAgents') },
            ...agents.map((a) => ({ value: a.id, label: `${a.extension} ${a.displayName}` })),
          ]}
          onChange={(agentId) => set({ agentId: agentId || null })}
          style={{ minWidth: 180 }}
        />
        <ReportExportButtons
          path="/api/reports/agents"
          query={query(selection)}
          fileName={`kefu-agent-performance-${selection.from}-${selection.to}`}
          disabled={badRange}
        />
      </ReportHeader>
      {report.error && (
        <Alert type="error" role="alert" message={t('failed', { message: report.error.message })} />
      )}
      <Card>
        {option && anyone ? (
          <EChart option={option} height={300} label={t('chart')} />
        ) : (
          !report.isLoading && <Empty description={t('empty')} />
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('definitions')}
        </Typography.Paragraph>
        <Table<AgentPerformanceRow>
          size="small"
          rowKey="agentId"
          loading={report.isLoading}
          dataSource={report.data?.agents ?? []}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            { title: t('agent'), render: (_, a) => `${a.extension} ${a.displayName}`, fixed: 'left' },
            { title: t('team'), dataIndex: 'team' },
            { title: t('handled'), dataIndex: 'handled', sorter: (x, y) => x.handled - y.handled },
            {
              title: t('aht'),
              render: (_, a) => duration(a.ahtMs),
              sorter: (x, y) => (x.ahtMs ?? 0) - (y.ahtMs ?? 0),
            },
            { title: t('talk'), render: (_, a) => duration(a.talkMs) },
            { title: t('hold'), render: (_, a) => duration(a.holdMs) },
            { title: t('wrap'), render: (_, a) => duration(a.wrapMs) },
            { title: t('loggedIn'), render: (_, a) => duration(a.loggedInMs) },
            { title: t('notReadyByReason'), render: (_, a) => tags(a.notReadyByReason, duration) },
            {
              title: t('occupancy'),
              render: (_, a) => percent(a.occupancy),
              sorter: (x, y) => (x.occupancy ?? 0) - (y.occupancy ?? 0),
            },
            { title: t('utilisation'), render: (_, a) => percent(a.utilisation) },
            {
              title: t('ringNoAnswer'),
              dataIndex: 'ringNoAnswer',
              sorter: (x, y) => x.ringNoAnswer - y.ringNoAnswer,
            },
            { title: t('transfers'), dataIndex: 'transfers' },
            { title: t('dispositions'), render: (_, a) => tags(a.dispositions, String) },
            { title: t('followUps'), render: (_, a) => `${a.followUpsDone} / ${a.followUpsCreated}` },
          ]}
        />
      </Card>
    </Space>
  );
}
