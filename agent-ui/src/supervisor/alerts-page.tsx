// /supervisor/alerts: the active alerts (pushed; each in words, with a link to its call or
// agent) and the thresholds that raise them (GET/PUT /api/supervisor/settings).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Form, InputNumber, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect } from 'react';
import { Link } from 'react-router';
import type { SupervisionSettingsPatch, SupervisionSettingsView, SupervisorAlert } from '../api/types.js';
import { useI18n, useMessages } from '../i18n/i18n-context.js';
import { useSignedIn } from '../session/session-context.js';
import { alertsMessages } from './alerts-messages.js';
import { alertLink, alertText, alertsTextMessages, sortAlerts } from './alerts-text.js';
import { useBoard, useNow } from './board-context.js';

type T = ReturnType<typeof useMessages<keyof (typeof alertsMessages)['en']>>;

const SETTINGS_KEY = ['supervisor', 'settings'] as const;
const ALERT_FIELDS = [
  ['longWaitSeconds', 1, 86_400],
  ['notReadyMinutes', 1, 1_440],
  ['wrapUpMinutes', 1, 1_440],
  ['ronaCount', 1, 100],
  ['ronaWindowMinutes', 1, 1_440],
  ['serviceLevelMinCalls', 0, 10_000],
] as const;

type ThresholdValues = SupervisionSettingsView['alerts'] & { shortAbandonSeconds: number };

function Thresholds({ t }: { t: T }) {
  const { api } = useSignedIn();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<ThresholdValues>();
  const settings = useQuery({
    queryKey: SETTINGS_KEY,
    queryFn: () => api.get<SupervisionSettingsView>('/api/supervisor/settings'),
  });
  const save = useMutation({
    mutationFn: (body: SupervisionSettingsPatch) =>
      api.put<SupervisionSettingsView>('/api/supervisor/settings', body),
    onSuccess: (saved) => {
      client.setQueryData(SETTINGS_KEY, saved);
      void message.success(t('saved'));
    },
  });
  useEffect(() => {
    if (settings.data)
      form.setFieldsValue({
        ...settings.data.alerts,
        shortAbandonSeconds: settings.data.shortAbandonSeconds,
      });
  }, [settings.data, form]);

  const onFinish = ({ shortAbandonSeconds, ...alerts }: ThresholdValues) =>
    save.mutate({ shortAbandonSeconds, alerts });

  return (
    <Card
      title={<span id="thresholds-heading">{t('thresholds')}</span>}
      size="small"
      style={{ marginTop: 24 }}
      aria-labelledby="thresholds-heading"
      role="region"
    >
      <Typography.Paragraph type="secondary">{t('thresholdsHint')}</Typography.Paragraph>
      {settings.isError && (
        <Alert
          type="error"
          showIcon
          role="alert"
          message={t('loadFailed', { message: settings.error.message })}
        />
      )}
      <Spin spinning={settings.isPending}>
        <Form
          form={form}
          layout="vertical"
          onFinish={onFinish}
          disabled={!settings.data}
          style={{
            display: 'grid',
            gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))',
            columnGap: 16,
          }}
        >
          {ALERT_FIELDS.map(([name, min, max]) => (
            <Form.Item
              key={name}
              name={name}
              label={t(name)}
              rules={[{ required: true, type: 'integer', min, max }]}
            >
              <InputNumber min={min} max={max} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          ))}
          <Form.Item
            name="shortAbandonSeconds"
            label={t('shortAbandonSeconds')}
            rules={[{ required: true, type: 'integer', min: 0, max: 600 }]}
          >
            <InputNumber min={0} max={600} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item style={{ gridColumn: '1 / -1', marginBottom: 0 }}>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {t('save')}
            </Button>
          </Form.Item>
        </Form>
      </Spin>
      {save.isError && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginTop: 12 }}
          message={t('saveFailed', { message: save.error.message })}
        />
      )}
    </Card>
  );
}

function ActiveAlerts({ t }: { t: T }) {
  const board = useBoard();
  const now = useNow();
  const tt = useMessages(alertsTextMessages);
  const { code, time } = useI18n();
  if (!board)
    return (
      <Spin tip={t('connecting')}>
        <div style={{ minHeight: 120 }} />
      </Spin>
    );
  const words = {
    t: tt,
    reason: (c: string) => code('reason', c),
    stage: (c: string) => code('stage', c),
    now,
  };
  const linkText = (a: SupervisorAlert) =>
    a.callId ? t('openCall') : a.extension ? t('openAgent') : t('openWallboard');
  const columns: ColumnsType<SupervisorAlert> = [
    {
      title: t('colLevel'),
      key: 'level',
      render: (_, a) => <Tag color={a.level === 'critical' ? 'red' : 'orange'}>{t(`level_${a.level}`)}</Tag>,
    },
    { title: t('colKind'), key: 'kind', render: (_, a) => tt(`kind_${a.kind}`) },
    {
      title: t('colAlert'),
      key: 'text',
      render: (_, a) => <span data-testid="alert-text">{alertText(a, board, words)}</span>,
    },
    { title: t('colSince'), key: 'since', render: (_, a) => time(a.raisedAt) },
    {
      title: t('colLink'),
      key: 'link',
      render: (_, a) => {
        const to = alertLink(a);
        return to ? <Link to={to}>{linkText(a)}</Link> : null;
      },
    },
  ];
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={sortAlerts(board.alerts)}
      columns={columns}
      aria-label={t('active')}
      locale={{ emptyText: <Empty description={t('none')} /> }}
    />
  );
}

export function AlertsPage() {
  const t = useMessages(alertsMessages);
  return (
    <section aria-labelledby="alerts-heading">
      <Typography.Title level={3} id="alerts-heading">
        {t('heading')}
      </Typography.Title>
      <ActiveAlerts t={t} />
      <Thresholds t={t} />
    </section>
  );
}
