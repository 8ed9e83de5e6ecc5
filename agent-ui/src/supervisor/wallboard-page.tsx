// /supervisor/wallboard: per queue the live and today's figures (pushed, never polled; waits tick
// locally between pushes), cells coloured by the server's levels, today's intervals as charts,
// Staffing now by Erlang C, the active alerts' count, filters by queue and team (kept in the
// address, so TV mode keeps them). `?tv`: full screen, dark, large type, Escape leaves.
import {
  Badge,
  Button,
  Card,
  ConfigProvider,
  Empty,
  Select,
  Space,
  Spin,
  Tooltip,
  Typography,
  theme,
} from 'antd';
import { memo, useCallback, useEffect, useMemo, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Level, SupervisorBoard, WallboardInterval, WallboardQueue } from '../api/types.js';
import { useI18n, useMessages, type Translate } from '../i18n/i18n-context.js';
import { useBoard, useNow } from './board-context.js';
import { intervalChartOption } from './charts.js';
import { EChart } from './charts-view.js';
import { duration, longestWaitNow, percent, serviceLevelGoal } from './format.js';
import { WallboardFigure } from './wallboard-figure.js';
import { wallboardMessages } from './wallboard-messages.js';
import { visibleQueues } from './wallboard-view.js';

type T = Translate<keyof (typeof wallboardMessages)['en']>;

const QueueChart = memo(function QueueChart(props: {
  intervals: WallboardInterval[];
  timeZone: string;
  queue: string;
  tv: boolean;
}) {
  const t = useMessages(wallboardMessages);
  const option = useMemo(
    () =>
      intervalChartOption(
        props.intervals,
        props.timeZone,
        {
          offered: t('offered'),
          answered: t('answered'),
          abandoned: t('abandoned'),
          serviceLevel: t('serviceLevel'),
        },
        props.tv,
      ),
    [props.intervals, props.timeZone, props.tv, t],
  );
  return (
    <EChart option={option} height={props.tv ? 260 : 200} label={t('chartLabel', { queue: props.queue })} />
  );
});

function Staffing({ queue, t, tv }: { queue: WallboardQueue; t: T; tv: boolean }) {
  const { number } = useI18n();
  const s = queue.staffing;
  const short = s?.agentsNeeded != null ? s.agentsNeeded - s.agentsStaffed : 0;
  return (
    <div data-testid="staffing" style={{ fontSize: tv ? 24 : 14, marginTop: 12 }}>
      <Tooltip title={t('tipStaffing')}>
        <Typography.Text
          strong
          style={{ fontSize: 'inherit', cursor: 'help' }}
          tabIndex={0}
          aria-description={t('tipStaffing')}
        >
          {t('staffing')} <span aria-hidden>ⓘ</span>
        </Typography.Text>
      </Tooltip>
      {': '}
      {!s || s.agentsNeeded === null ? (
        <span>
          {t('staffingStaffed')} <b data-testid="staffing-staffed">{s?.agentsStaffed ?? 0}</b> ·{' '}
          {t('staffingNoTraffic')}
        </span>
      ) : (
        <Space size={tv ? 24 : 12} wrap style={{ display: 'inline-flex' }}>
          <span>
            {t('staffingNeeded')} <b data-testid="staffing-needed">{s.agentsNeeded}</b>
          </span>
          <span>
            {t('staffingStaffed')} <b data-testid="staffing-staffed">{s.agentsStaffed}</b>
          </span>
          {short > 0 && (
            <Typography.Text type="danger" strong style={{ fontSize: 'inherit' }}>
              <span aria-hidden>⚠ </span>
              {t('staffingShort', { count: short })}
            </Typography.Text>
          )}
          <span>
            {t('staffingPredicted')} <b>{percent(s.predictedServiceLevel)}</b>
          </span>
          <Typography.Text type="secondary" style={{ fontSize: tv ? 18 : 12 }}>
            {t('staffingLoad', {
              perHour: number(Math.round(s.arrivalsPerHour)),
              aht: duration(s.ahtMs),
              erlangs: number(Math.round(s.erlangs * 10) / 10),
            })}
          </Typography.Text>
        </Space>
      )}
    </div>
  );
}

function QueueCard({
  queue,
  board,
  now,
  t,
  tv,
}: {
  queue: WallboardQueue;
  board: SupervisorBoard;
  now: number;
  t: T;
  tv: boolean;
}) {
  const levelText = (level: Exclude<Level, 'ok'>) => t(`level_${level}`);
  const goal = serviceLevelGoal(queue);
  const fig = { tv, levelText };
  return (
    <Card
      role="region"
      aria-label={queue.displayName}
      data-testid="queue-card"
      data-queue={queue.queue}
      title={<span style={{ fontSize: tv ? 32 : undefined }}>{queue.displayName}</span>}
      size={tv ? 'default' : 'small'}
      style={{ marginBottom: 16 }}
    >
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: `repeat(auto-fill, minmax(${tv ? 230 : 150}px, 1fr))`,
          gap: tv ? 12 : 8,
        }}
      >
        <WallboardFigure
          {...fig}
          testId="waiting"
          label={t('waiting')}
          tip={t('tipWaiting')}
          value={queue.waiting}
          level={queue.levels.waiting}
        />
        <WallboardFigure
          {...fig}
          testId="longest-wait"
          label={t('longestWait')}
          tip={t('tipLongestWait')}
          value={duration(longestWaitNow(queue, now))}
          level={queue.levels.longestWait}
        />
        <WallboardFigure
          {...fig}
          testId="service-level"
          label={t('serviceLevel')}
          tip={t('tipServiceLevel')}
          value={percent(queue.serviceLevel)}
          note={t('goal', goal)}
          level={queue.levels.serviceLevel}
        />
        <WallboardFigure
          {...fig}
          testId="asa"
          label={t('asa')}
          tip={t('tipAsa')}
          value={duration(queue.asaMs)}
        />
        <WallboardFigure
          {...fig}
          testId="aht"
          label={t('aht')}
          tip={t('tipAht')}
          value={duration(queue.ahtMs)}
        />
        <WallboardFigure
          {...fig}
          testId="abandon-rate"
          label={t('abandonRate')}
          tip={t('tipAbandonRate')}
          value={percent(queue.abandonRate)}
          note={t('shortAbandonNote', { seconds: queue.shortAbandonSeconds })}
          level={queue.levels.abandonRate}
        />
        <WallboardFigure
          {...fig}
          testId="offered-answered"
          label={t('offeredAnswered')}
          tip={t('tipOffered')}
          value={`${queue.offered} / ${queue.answered}`}
        />
        <WallboardFigure
          {...fig}
          testId="agents"
          label={t('agents')}
          tip={t('tipAgents')}
          value={
            <span
              style={{
                display: 'grid',
                gridTemplateColumns: 'auto auto',
                columnGap: 8,
                fontSize: tv ? 22 : 13,
                fontWeight: 400,
              }}
            >
              <span>{t('agentsReady')}</span>
              <b data-testid="agents-ready">{queue.agents.ready}</b>
              <span>{t('agentsOnCall')}</span>
              <b data-testid="agents-on-call">
                {queue.agents.on_call + queue.agents.ringing + queue.agents.reserved}
              </b>
              <span>{t('agentsWrapUp')}</span>
              <b data-testid="agents-wrap-up">{queue.agents.wrap_up}</b>
              <span>{t('agentsNotReady')}</span>
              <b data-testid="agents-not-ready">{queue.agents.not_ready}</b>
            </span>
          }
        />
      </div>
      <Staffing queue={queue} t={t} tv={tv} />
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 12, fontSize: tv ? 18 : 12 }}>
        {t('intervals')}
      </Typography.Text>
      <QueueChart
        intervals={board.intervals[queue.queueId] ?? []}
        timeZone={board.timeZone}
        queue={queue.displayName}
        tv={tv}
      />
    </Card>
  );
}

/** Leaves TV mode on Escape, or when the browser leaves full screen (its own Escape). */
function useTvExit(tv: boolean, exit: () => void) {
  const wasFullScreen = useRef(false);
  useEffect(() => {
    if (!tv) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') exit();
    };
    const onFullScreen = () => {
      if (document.fullscreenElement) wasFullScreen.current = true;
      else if (wasFullScreen.current) {
        wasFullScreen.current = false;
        exit();
      }
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('fullscreenchange', onFullScreen);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('fullscreenchange', onFullScreen);
    };
  }, [tv, exit]);
}

export function WallboardPage() {
  const t = useMessages(wallboardMessages);
  const board = useBoard();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const tv = params.has('tv');
  const queueIds = params.getAll('queue');
  const team = params.get('team');

  const setFilter = (name: 'queue' | 'team', values: string[]) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        next.delete(name);
        for (const v of values) next.append(name, v);
        return next;
      },
      { replace: true },
    );
  const enterTv = () => {
    // Asked inside the click: browsers grant full screen only to a user's gesture.
    document.documentElement.requestFullscreen?.().catch(() => undefined);
    setParams((p) => {
      const next = new URLSearchParams(p);
      next.set('tv', '');
      return next;
    });
  };
  const exitTv = useCallback(() => {
    if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
    setParams((p) => {
      const next = new URLSearchParams(p);
      next.delete('tv');
      return next;
    });
  }, [setParams]);
  useTvExit(tv, exitTv);

  const queueKey = queueIds.join(',');
  const queues = useMemo(
    () =>
      board
        ? visibleQueues(board.queues, board.agents, { queueIds: queueKey ? queueKey.split(',') : [], team })
        : [],
    [board, queueKey, team],
  );

  const alertCount = board?.alerts.length ?? 0;
  const toolbar = (
    <Space wrap size={tv ? 24 : 12} style={{ marginBottom: 16 }}>
      <Select
        mode="multiple"
        allowClear
        aria-label={t('filterQueues')}
        placeholder={t('filterQueuesPlaceholder')}
        style={{ minWidth: 220 }}
        value={queueIds}
        onChange={(v: string[]) => setFilter('queue', v)}
        options={(board?.queues ?? []).map((q) => ({ value: q.queueId, label: q.displayName }))}
      />
      <Select
        allowClear
        aria-label={t('filterTeam')}
        placeholder={t('filterTeamPlaceholder')}
        style={{ minWidth: 160 }}
        value={team ?? undefined}
        onChange={(v?: string) => setFilter('team', v ? [v] : [])}
        options={(board?.teams ?? []).map((x) => ({ value: x, label: x }))}
      />
      <Link to="/supervisor/alerts" data-testid="wallboard-alerts" style={{ fontSize: tv ? 24 : undefined }}>
        <Badge count={alertCount} size={tv ? 'default' : 'small'} offset={[8, 0]}>
          <span style={{ color: 'inherit' }}>
            {alertCount > 0 ? t('alerts', { count: alertCount }) : t('noAlerts')}
          </span>
        </Badge>
      </Link>
      {tv ? (
        <Button size="large" onClick={exitTv}>
          {t('exitTv')}
        </Button>
      ) : (
        <Button onClick={enterTv}>{t('tvMode')}</Button>
      )}
      {tv && <Typography.Text type="secondary">{t('exitTvHint')}</Typography.Text>}
    </Space>
  );

  const body = !board ? (
    <Spin tip={t('connecting')}>
      <div style={{ minHeight: 120 }} />
    </Spin>
  ) : queues.length === 0 ? (
    <Empty description={t('noQueues')} />
  ) : (
    queues.map((q) => <QueueCard key={q.queueId} queue={q} board={board} now={now} t={t} tv={tv} />)
  );

  const page = (
    <section aria-labelledby="wallboard-heading" data-tv={tv ? 'on' : undefined}>
      <Typography.Title level={tv ? 1 : 3} id="wallboard-heading">
        {t('heading')}
      </Typography.Title>
      {toolbar}
      {body}
    </section>
  );
  if (!tv) return page;
  return (
    <ConfigProvider theme={{ algorithm: theme.darkAlgorithm, token: { fontSize: 20 } }}>
      <div style={{ background: '#0b0b0b', color: '#f0f0f0', minHeight: '100vh', padding: '24px 32px' }}>
        {page}
      </div>
    </ConfigProvider>
  );
}
