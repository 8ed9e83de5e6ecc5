// /marketing/customers: customer analytics over a date range — the lifecycle funnel and the
// stuck customers, value×loyalty quadrants and their moves, gold customers with their contact
// history, complaints, and first sales by the follow-ups before them (docs/METRICS.md).
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Space, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import type { CustomerAnalytics } from '@kefu/cti-server/contract';
import { useI18n, useMessages } from '../../i18n/i18n-context.js';
import { useSignedIn } from '../../session/session-context.js';
import { EChart } from '../../supervisor/charts-view.js';
import { followUpChart, funnelChart, quadrantChart } from './customers-charts.js';
import { customersMessages } from './customers-messages.js';
import { isoDay, pct } from '../format.js';
import { DayRangeInputs, ReportHeader } from '../../shell/report-header.js';

type Funnel = CustomerAnalytics['funnel'][number];
type Gold = CustomerAnalytics['gold'][number];
type Stuck = CustomerAnalytics['stuck'][number];

export function CustomersPage() {
  const t = useMessages(customersMessages);
  const label = (k: string) => t(k as 'heading');
  const { money, dateTime } = useI18n();
  const { api } = useSignedIn();
  const [range, setRange] = useState(() => ({
    from: isoDay(new Date(Date.now() - 89 * 86_400_000)),
    to: isoDay(new Date()),
  }));
  const report = useQuery({
    queryKey: ['marketing', 'customers', range.from, range.to],
    queryFn: () =>
      api.get<CustomerAnalytics>(
        `/api/reports/customers?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`,
      ),
  });
  const r = report.data;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <ReportHeader title={t('heading')} selectionLabel={t('range')}>
        <DayRangeInputs value={range} onChange={setRange} fromLabel={t('from')} toLabel={t('to')} />
      </ReportHeader>
      {report.error && (
        <Alert type="error" role="alert" message={t('failed', { message: report.error.message })} />
      )}
      {r && (
        <>
          <Card title={t('funnel')}>
            <Typography.Paragraph type="secondary">{t('funnelHint')}</Typography.Paragraph>
            <EChart option={funnelChart(r, label)} height={240} label={t('funnel')} />
            <Table<Funnel>
              rowKey="stage"
              size="small"
              pagination={false}
              dataSource={r.funnel}
              columns={[
                { title: t('stage'), render: (_, f) => label(`stage_${f.stage}`) },
                { title: t('current'), dataIndex: 'current' },
                { title: t('entered'), dataIndex: 'entered' },
                { title: t('advanced'), dataIndex: 'advanced' },
                { title: t('lost'), dataIndex: 'lost' },
                { title: t('conversion'), render: (_, f) => pct(f.conversionRate) },
                { title: t('medianDays'), render: (_, f) => f.medianDaysInStage ?? '—' },
              ]}
            />
            <Typography.Paragraph style={{ marginTop: 8 }}>
              {t('lostNow', { count: r.lost })}
            </Typography.Paragraph>
          </Card>
          <Card title={t('stuck')}>
            <Table<Stuck>
              rowKey="id"
              size="small"
              pagination={false}
              locale={{ emptyText: t('none') }}
              dataSource={r.stuck}
              columns={[
                { title: t('name'), dataIndex: 'name' },
                { title: t('account'), dataIndex: 'accountNumber' },
                { title: t('stage'), render: (_, s) => label(`stage_${s.stage}`) },
                { title: t('daysInStage'), dataIndex: 'daysInStage' },
                { title: t('threshold'), render: (_, s) => s.thresholdDays ?? '—' },
                { title: t('owner'), render: (_, s) => s.owner ?? '—' },
              ]}
            />
          </Card>
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <Card title={t('quadrants')}>
                <EChart option={quadrantChart(r, label)} height={220} label={t('quadrants')} />
                <Typography.Text strong>{t('moves')}</Typography.Text>
                <Table
                  rowKey={(m) => `${m.from}>${m.to}`}
                  size="small"
                  pagination={false}
                  locale={{ emptyText: t('none') }}
                  dataSource={r.quadrants.moves}
                  columns={[
                    {
                      title: t('move'),
                      render: (_, m) => `${m.from ?? t('unrated')} → ${m.to ?? t('unrated')}`,
                    },
                    { title: t('count'), dataIndex: 'count' },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card title={t('followUpsHeading')}>
                <EChart option={followUpChart(r, label)} height={220} label={t('followUpsHeading')} />
              </Card>
              <Card title={t('complaints')} style={{ marginTop: 16 }}>
                <Space size="large" wrap>
                  <Statistic title={t('opened')} value={r.complaints.opened} />
                  <Statistic title={t('closed')} value={r.complaints.closed} />
                  <Statistic
                    title={t('withinSla')}
                    value={`${r.complaints.closedWithinSla} (${pct(r.complaints.withinSlaRate)})`}
                  />
                </Space>
              </Card>
            </Col>
          </Row>
          <Card title={t('gold')}>
            <Table<Gold>
              rowKey="id"
              size="small"
              pagination={false}
              locale={{ emptyText: t('none') }}
              dataSource={r.gold}
              columns={[
                { title: t('name'), dataIndex: 'name' },
                { title: t('account'), dataIndex: 'accountNumber' },
                { title: t('vip'), dataIndex: 'vipTier' },
                { title: t('value'), render: (_, g) => money(g.valueCents) },
                { title: t('orders'), dataIndex: 'orders' },
                { title: t('calls'), dataIndex: 'calls' },
                {
                  title: t('lastContact'),
                  render: (_, g) => (g.lastContactAt ? dateTime(g.lastContactAt) : '—'),
                },
                { title: t('openTickets'), dataIndex: 'openTickets' },
              ]}
            />
          </Card>
        </>
      )}
    </Space>
  );
}
