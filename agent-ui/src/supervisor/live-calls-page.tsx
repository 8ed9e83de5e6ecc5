// /supervisor/calls: every call in the IVR, waiting, ringing an agent or connected, from the
// board's pushes (never polled): phase, caller, customer, line, time in phase and wait (ticking),
// queue, agent, the IVR path and why this agent; Move for a waiting call, monitoring for a
// connected one. `?call=<id>` (an alert's link) marks that call's row.
import { Empty, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { LiveCallPhase, WallboardCall } from '../api/types.js';
import { useMessages } from '../i18n/i18n-context.js';
import { useBoard, useNow } from './board-context.js';
import { CallActions } from './call-actions.js';
import { liveCallsMessages } from './live-calls-messages.js';
import { PHASES, clock, inPhaseMs, visibleCalls, waitMs } from './live-calls-view.js';
import { explainRouting, routingMessages } from './routing-explanation.js';

const PHASE_COLOURS: Record<LiveCallPhase, string> = {
  ivr: 'purple',
  waiting: 'orange',
  ringing: 'gold',
  connected: 'green',
  held: 'blue',
};

export function LiveCallsPage() {
  const t = useMessages(liveCallsMessages);
  const tr = useMessages(routingMessages);
  const board = useBoard();
  const now = useNow();
  const [params] = useSearchParams();
  const marked = params.get('call');
  const [phases, setPhases] = useState<LiveCallPhase[]>([]);
  const [queueIds, setQueueIds] = useState<string[]>([]);

  const calls = useMemo(
    () => visibleCalls(board?.calls ?? [], { phases, queueIds }),
    [board?.calls, phases, queueIds],
  );
  const agentName = (agentId: string) => {
    const a = board?.agents.find((x) => x.agentId === agentId);
    return a ? `${a.extension} ${a.displayName}` : agentId;
  };
  const words = { t: tr, agentName, duration: clock };

  if (!board)
    return (
      <Spin tip={t('connecting')}>
        <div style={{ minHeight: 120 }} />
      </Spin>
    );

  const columns: ColumnsType<WallboardCall> = [
    {
      title: t('colPhase'),
      key: 'phase',
      render: (_, c) => (
        <Tag color={PHASE_COLOURS[c.phase]} data-testid="call-phase">
          {t(`phase_${c.phase}`)}
        </Tag>
      ),
    },
    { title: t('colCaller'), key: 'ani', render: (_, c) => c.ani ?? t('unknownCaller') },
    {
      title: t('colCustomer'),
      key: 'customer',
      render: (_, c) =>
        c.customerName ?? <Typography.Text type="secondary">{t('notIdentified')}</Typography.Text>,
    },
    { title: t('colLine'), key: 'line', render: (_, c) => c.line ?? c.dnis },
    {
      title: t('colInPhase'),
      key: 'inPhase',
      render: (_, c) => <span data-testid="call-in-phase">{clock(inPhaseMs(c, now))}</span>,
    },
    {
      title: t('colWait'),
      key: 'wait',
      render: (_, c) => {
        const w = waitMs(c, now);
        return <span data-testid="call-wait">{w === null ? '—' : clock(w)}</span>;
      },
    },
    {
      title: t('colQueue'),
      key: 'queue',
      render: (_, c) => {
        const q = board.queues.find((x) => x.queueId === c.queueId);
        return <span data-testid="call-queue">{q?.displayName ?? c.queue ?? '—'}</span>;
      },
    },
    {
      title: t('colAgent'),
      key: 'agent',
      render: (_, c) => (c.agentId ? agentName(c.agentId) : (c.extension ?? '—')),
    },
    {
      title: t('colIvrPath'),
      key: 'ivrPath',
      render: (_, c) =>
        c.ivrPath.length === 0 ? (
          <Typography.Text type="secondary">{t('noIvr')}</Typography.Text>
        ) : (
          <span aria-label={t('ivrPath', { path: c.ivrPath.join(' → ') })} data-testid="call-ivr-path">
            {c.ivrPath.join(' → ')}
          </span>
        ),
    },
    {
      title: t('colWhy'),
      key: 'why',
      render: (_, c) => <span data-testid="call-why">{explainRouting(c.routing, words) ?? '—'}</span>,
    },
    { title: t('colActions'), key: 'actions', render: (_, c) => <CallActions call={c} /> },
  ];

  return (
    <section aria-labelledby="live-calls-heading">
      <Space align="baseline" wrap style={{ marginBottom: 16 }}>
        <Typography.Title level={3} id="live-calls-heading" style={{ margin: 0 }}>
          {t('heading')}
        </Typography.Title>
        <Typography.Text type="secondary" data-testid="live-calls-count">
          {t('count', { count: calls.length })}
        </Typography.Text>
        <Select<LiveCallPhase[]>
          mode="multiple"
          allowClear
          aria-label={t('filterPhase')}
          placeholder={t('allPhases')}
          style={{ minWidth: 200 }}
          value={phases}
          onChange={setPhases}
          options={PHASES.map((p) => ({ value: p, label: t(`phase_${p}`) }))}
        />
        <Select<string[]>
          mode="multiple"
          allowClear
          aria-label={t('filterQueue')}
          placeholder={t('allQueues')}
          style={{ minWidth: 200 }}
          value={queueIds}
          onChange={setQueueIds}
          options={board.queues.map((q) => ({ value: q.queueId, label: q.displayName }))}
        />
      </Space>
      <Table
        rowKey="callId"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={calls}
        columns={columns}
        locale={{ emptyText: <Empty description={t('empty')} /> }}
        onRow={(c) => ({
          'aria-label': t('row', { callId: c.callId }),
          'data-call-id': c.callId,
          style: c.callId === marked ? { background: '#fffbe6' } : undefined,
        })}
      />
    </section>
  );
}
