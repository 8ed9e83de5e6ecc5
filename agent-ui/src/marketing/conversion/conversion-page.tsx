// /marketing/conversion: per script version and per cross-sell rule over a date range — calls,
// completion, offers and conversion — drawn per day, with the same figures as CSV.
import { Alert, Button, Card, Space, Table } from 'antd';
import { useState } from 'react';
import type { RuleConversion, ScriptConversion } from '@kefu/cti-server/contract';
import { useMessages } from '../../i18n/i18n-context.js';
import { useSignedIn } from '../../session/session-context.js';
import { EChart } from '../../supervisor/charts-view.js';
import { downloadConversionCsv, useConversion } from '../marketing-api.js';
import { rulesChart, scriptsChart } from './conversion-charts.js';
import { conversionMessages } from './conversion-messages.js';
import { isoDay, pct } from '../format.js';
import { DayRangeInputs, ReportHeader } from '../../shell/report-header.js';

export function ConversionPage() {
  const t = useMessages(conversionMessages);
  const { token } = useSignedIn();
  const [range, setRange] = useState(() => ({
    from: isoDay(new Date(Date.now() - 29 * 86_400_000)),
    to: isoDay(new Date()),
  }));
  const report = useConversion(range.from, range.to);
  const [error, setError] = useState<string | null>(null);
  const exportCsv = (of: 'scripts' | 'rules') =>
    downloadConversionCsv(token, range, of).then(
      () => setError(null),
      (err: Error) => setError(err.message),
    );

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <ReportHeader title={t('heading')} selectionLabel={t('range')}>
        <DayRangeInputs value={range} onChange={setRange} fromLabel={t('from')} toLabel={t('to')} />
      </ReportHeader>
      {(report.error ?? error) && (
        <Alert
          type="error"
          role="alert"
          message={t('failed', { message: report.error?.message ?? error ?? '' })}
        />
      )}
      <Card
        title={t('scripts')}
        extra={
          <Button
            aria-label={`${t('exportCsv')} · ${t('scripts')}`}
            onClick={() => void exportCsv('scripts')}
          >
            {t('exportCsv')}
          </Button>
        }
      >
        {report.data && <EChart option={scriptsChart(report.data)} height={260} label={t('chartScripts')} />}
        <Table<ScriptConversion>
          size="small"
          rowKey={(s) => `${s.key}@${s.version}`}
          loading={report.isLoading}
          dataSource={report.data?.scripts ?? []}
          pagination={false}
          columns={[
            { title: t('script'), render: (_, s) => `${s.title} (${s.key})` },
            { title: t('version'), render: (_, s) => `v${s.version}` },
            { title: t('calls'), dataIndex: 'calls' },
            { title: t('completed'), dataIndex: 'completed' },
            { title: t('completion'), render: (_, s) => pct(s.completionRate) },
            { title: t('offersMade'), dataIndex: 'offersMade' },
            { title: t('offersAccepted'), dataIndex: 'offersAccepted' },
            { title: t('conversion'), render: (_, s) => pct(s.conversionRate) },
          ]}
        />
      </Card>
      <Card
        title={t('rules')}
        extra={
          <Button aria-label={`${t('exportCsv')} · ${t('rules')}`} onClick={() => void exportCsv('rules')}>
            {t('exportCsv')}
          </Button>
        }
      >
        {report.data && <EChart option={rulesChart(report.data)} height={260} label={t('chartRules')} />}
        <Table<RuleConversion>
          size="small"
          rowKey="ruleId"
          loading={report.isLoading}
          dataSource={report.data?.rules ?? []}
          pagination={false}
          columns={[
            { title: t('rule'), dataIndex: 'name' },
            { title: t('offered'), dataIndex: 'offered' },
            { title: t('accepted'), dataIndex: 'accepted' },
            { title: t('declined'), dataIndex: 'declined' },
            { title: t('conversion'), render: (_, r) => pct(r.conversionRate) },
          ]}
        />
      </Card>
    </Space>
  );
}
