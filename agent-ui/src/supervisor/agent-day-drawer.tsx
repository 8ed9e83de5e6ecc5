// /supervisor/agents/:ext — the agent's day in a drawer: their states today drawn on a time line
// (reasons in the tooltips), today's calls, the supervisor's actions on them and, while they are
// on a call, the monitoring controls. The day is read again when the agent's state changes (a
// push), never on a timer.
import { useQuery } from '@tanstack/react-query';
import { Alert, Drawer, Empty, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { ApiError } from '../api/api-client.js';
import type { AgentDay, AgentDayCall, AgentStatus, SupervisorBoard } from '../api/types.js';
import { useI18n, useMessages } from '../i18n/i18n-context.js';
import { useSignedIn } from '../session/session-context.js';
import { AgentActions } from './agent-actions.js';
import { agentGridMessages } from './agent-grid-messages.js';
import { timelineOption } from './charts.js';
import { EChart } from './charts-view.js';
import { duration, hourMinute, NONE } from './format.js';
import { MonitorControls } from './monitor-controls.js';
import { GRID_STATES, STATE_COLOURS } from './wallboard-view.js';

const TIMELINE_STATES: AgentStatus[] = GRID_STATES.filter((s) => s !== 'logged_out');

function DayTimeline({ day }: { day: AgentDay }) {
  const t = useMessages(agentGridMessages);
  const { code } = useI18n();
  const option = useMemo(
    () =>
      timelineOption(
        day.segments,
        TIMELINE_STATES,
        (s) => code('state', s),
        (item) => {
          const [from, to] = item.value;
          const line = t('dayState', {
            state: code('state', item.state),
            from: hourMinute(new Date(from).toISOString(), day.timeZone),
            to: hourMinute(new Date(to).toISOString(), day.timeZone),
            duration: duration(to - from),
          });
          return item.reason
            ? `${line}<br/>${t('dayReason', { reason: code('reason', item.reason) })}`
            : line;
        },
      ),
    [day, code, t],
  );
  if (day.segments.length === 0) return <Empty description={t('dayNoStates')} />;
  return (
    <div data-testid="agent-day-timeline">
      <EChart option={option} height={260} label={t('dayTimelineLabel', { name: day.displayName })} />
    </div>
  );
}

function DayCalls({ day }: { day: AgentDay }) {
  const t = useMessages(agentGridMessages);
  const { code } = useI18n();
  const columns: ColumnsType<AgentDayCall> = [
    { title: t('callTime'), key: 'at', render: (_, c) => hourMinute(c.offeredAt, day.timeZone) },
    { title: t('callQueue'), key: 'queue', render: (_, c) => c.queue ?? NONE },
    { title: t('callCaller'), key: 'ani', render: (_, c) => c.ani ?? t('unknownCaller') },
    { title: t('callCustomer'), key: 'customer', render: (_, c) => c.customerName ?? NONE },
    {
      title: t('callTalk'),
      key: 'talk',
      render: (_, c) =>
        c.answeredAt ? (
          duration(c.talkMs)
        ) : (
          <Typography.Text type="secondary">{t('notAnswered')}</Typography.Text>
        ),
    },
    { title: t('callWrap'), key: 'wrap', render: (_, c) => duration(c.wrapMs) },
    {
      title: t('callDisposition'),
      key: 'disposition',
      render: (_, c) => (c.disposition ? code('disposition', c.disposition) : NONE),
    },
  ];
  return (
    <Table
      rowKey="callId"
      size="small"
      pagination={false}
      dataSource={day.calls}
      columns={columns}
      aria-label={t('dayCalls')}
      locale={{ emptyText: <Empty description={t('dayNoCalls')} /> }}
    />
  );
}

export function AgentDayDrawer({
  extension,
  board,
  onClose,
}: {
  extension: string;
  board: SupervisorBoard | null;
  onClose(): void;
}) {
  const t = useMessages(agentGridMessages);
  const { code } = useI18n();
  const { api } = useSignedIn();
  const agent = board?.agents.find((a) => a.extension === extension) ?? null;
  const day = useQuery({
    // The agent's state start in the key: a pushed change reads the day again.
    queryKey: ['supervisor', 'agent-day', extension, agent?.since ?? null],
    queryFn: () => api.get<AgentDay>(`/api/supervisor/agents/${encodeURIComponent(extension)}/day`),
    placeholderData: (previous) => previous,
  });
  const call = agent?.call ? board?.calls.find((c) => c.callId === agent.call?.callId) : undefined;
  const name = agent?.displayName ?? day.data?.displayName ?? extension;

  return (
    <Drawer
      open
      width={Math.min(920, window.innerWidth)}
      onClose={onClose}
      title={t('dayTitle', { name, extension })}
      destroyOnHidden
    >
      {agent && (
        <div style={{ display: 'flex', gap: 12, alignItems: 'center', flexWrap: 'wrap', marginBottom: 16 }}>
          <Tag color={STATE_COLOURS[agent.state]}>{code('state', agent.state)}</Tag>
          {agent.reason && <span>{code('reason', agent.reason)}</span>}
          <span style={{ flex: 1 }} />
          <section aria-label={t('actions')}>
            <AgentActions agent={agent} />
          </section>
        </div>
      )}
      {call && (
        <section aria-label={t('onCall')} style={{ marginBottom: 16 }}>
          <Typography.Title level={5}>{t('onCall')}</Typography.Title>
          <MonitorControls call={call} />
        </section>
      )}
      {day.isError && (
        <Alert
          type="error"
          showIcon
          role="alert"
          message={
            day.error instanceof ApiError && day.error.status === 404
              ? t('dayNotFound', { extension })
              : t('dayLoadFailed', { message: day.error.message })
          }
        />
      )}
      <Typography.Title level={5}>{t('dayTimeline')}</Typography.Title>
      <Spin spinning={day.isPending}>
        {day.data ? <DayTimeline day={day.data} /> : <div style={{ minHeight: 120 }} />}
      </Spin>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('dayCalls')}
      </Typography.Title>
      {day.data && <DayCalls day={day.data} />}
    </Drawer>
  );
}
