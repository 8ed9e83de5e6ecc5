// /supervisor/agents: every agent now, from the board's pushes (never polled) — state with its
// colour and name, reason, time in state and current call ticking, calls handled, AHT,
// occupancy, phone and console; sortable, filtered by team, queue and state. A row opens the
// agent's day (/supervisor/agents/:ext).
import { Select, Space, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState, type CSSProperties } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { AgentStatus, Level, WallboardAgent } from '../api/types.js';
import { useI18n, useMessages } from '../i18n/i18n-context.js';
import { AgentDayDrawer } from './agent-day-drawer.js';
import { agentGridMessages } from './agent-grid-messages.js';
import { useBoard, useNow } from './board-context.js';
import { callDurationMs, duration, percent, timeInStateMs } from './format.js';
import { GRID_STATES, STATE_COLOURS, compareAgents, visibleAgents } from './wallboard-view.js';
import { LEVEL_SIGN } from './wallboard-figure.js';

const LEVEL_STYLE: Record<Level, CSSProperties | undefined> = {
  ok: undefined,
  warning: { background: '#fff1b8', padding: '0 4px', borderRadius: 4 },
  critical: { background: '#ffccc7', padding: '0 4px', borderRadius: 4 },
};

export function AgentsPage() {
  const t = useMessages(agentGridMessages);
  const { code } = useI18n();
  const board = useBoard();
  const now = useNow();
  const navigate = useNavigate();
  const extension = useParams()['*'] || null;
  const [teams, setTeams] = useState<string[]>([]);
  const [queues, setQueues] = useState<string[]>([]);
  const [states, setStates] = useState<AgentStatus[]>([]);

  const agents = useMemo(
    () => visibleAgents(board?.agents ?? [], { teams, queues, states }),
    [board?.agents, teams, queues, states],
  );

  const columns: ColumnsType<WallboardAgent> = [
    {
      title: t('colAgent'),
      key: 'agent',
      sorter: compareAgents('extension', now),
      render: (_, a) => (
        <Link to={`/supervisor/agents/${a.extension}`} onClick={(e) => e.stopPropagation()}>
          {a.extension} {a.displayName}
        </Link>
      ),
    },
    {
      title: t('colState'),
      key: 'state',
      sorter: compareAgents('state', now),
      render: (_, a) => (
        <Tag color={STATE_COLOURS[a.state]} data-testid="agent-state">
          {code('state', a.state)}
        </Tag>
      ),
    },
    { title: t('colReason'), key: 'reason', render: (_, a) => (a.reason ? code('reason', a.reason) : '') },
    {
      title: t('colTimeInState'),
      key: 'timeInState',
      sorter: compareAgents('timeInState', now),
      render: (_, a) => {
        const level = a.levels.timeInState;
        return (
          <span data-testid="agent-time-in-state" data-level={level} style={LEVEL_STYLE[level]}>
            {duration(timeInStateMs(a, now))}
            {level !== 'ok' && (
              <>
                {' '}
                <span aria-hidden>{LEVEL_SIGN[level]}</span> {t(`level_${level}`)}
              </>
            )}
          </span>
        );
      },
    },
    {
      title: t('colCall'),
      key: 'call',
      render: (_, a) =>
        a.call && (
          <span data-testid="agent-call">
            {a.call.ani ?? t('unknownCaller')}
            {' · '}
            {a.call.customerName ?? <Typography.Text type="secondary">{t('notIdentified')}</Typography.Text>}
            {a.call.queue && ` · ${a.call.queue}`}
            {' · '}
            {duration(callDurationMs(a, now))}
            {a.monitor && (
              <Tag color="magenta" style={{ marginLeft: 8 }}>
                {t('monitored', { supervisor: a.monitor.supervisor, mode: t(`mode_${a.monitor.mode}`) })}
              </Tag>
            )}
          </span>
        ),
    },
    {
      title: t('colHandled'),
      key: 'handled',
      sorter: compareAgents('handled', now),
      render: (_, a) => a.handled,
    },
    {
      title: <Tooltip title={t('tipAht')}>{t('colAht')}</Tooltip>,
      key: 'aht',
      sorter: compareAgents('aht', now),
      render: (_, a) => duration(a.ahtMs),
    },
    {
      title: <Tooltip title={t('tipOccupancy')}>{t('colOccupancy')}</Tooltip>,
      key: 'occupancy',
      sorter: compareAgents('occupancy', now),
      render: (_, a) => percent(a.occupancy),
    },
    {
      title: t('colDevices'),
      key: 'devices',
      render: (_, a) => (
        <Space size={4}>
          <Tag color={a.phoneRegistered ? 'green' : 'default'}>
            {a.phoneRegistered ? t('phoneOn') : t('phoneOff')}
          </Tag>
          <Tag color={a.consoleConnected ? 'green' : 'default'}>
            {a.consoleConnected ? t('consoleOn') : t('consoleOff')}
          </Tag>
        </Space>
      ),
    },
  ];

  return (
    <section aria-labelledby="agents-heading">
      <Typography.Title level={3} id="agents-heading">
        {t('heading')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          mode="multiple"
          allowClear
          aria-label={t('filterTeams')}
          placeholder={t('filterTeamsPlaceholder')}
          style={{ minWidth: 180 }}
          value={teams}
          onChange={setTeams}
          options={(board?.teams ?? []).map((x) => ({ value: x, label: x }))}
        />
        <Select
          mode="multiple"
          allowClear
          aria-label={t('filterQueues')}
          placeholder={t('filterQueuesPlaceholder')}
          style={{ minWidth: 180 }}
          value={queues}
          onChange={setQueues}
          options={(board?.queues ?? []).map((q) => ({ value: q.queue, label: q.displayName }))}
        />
        <Select
          mode="multiple"
          allowClear
          aria-label={t('filterStates')}
          placeholder={t('filterStatesPlaceholder')}
          style={{ minWidth: 200 }}
          value={states}
          onChange={setStates}
          options={GRID_STATES.map((s) => ({ value: s, label: code('state', s) }))}
        />
      </Space>
      {board ? (
        <Table
          rowKey="agentId"
          size="small"
          pagination={false}
          dataSource={agents}
          columns={columns}
          aria-label={t('gridLabel')}
          locale={{ emptyText: t('none') }}
          onRow={(a) => ({
            'data-extension': a.extension,
            onClick: () => void navigate(`/supervisor/agents/${a.extension}`),
            style: { cursor: 'pointer' },
          })}
          scroll={{ x: 'max-content' }}
        />
      ) : (
        <Spin tip={t('connecting')}>
          <div style={{ minHeight: 120 }} />
        </Spin>
      )}
      {extension && (
        <AgentDayDrawer
          extension={extension}
          board={board}
          onClose={() => void navigate('/supervisor/agents')}
        />
      )}
    </section>
  );
}
