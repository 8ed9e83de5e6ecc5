// /marketing/scripts: every call script and its versions — which one is live for new calls, where
// each is bound, and in which order the bindings decide.
import { Alert, Space, Table, Tag, Typography } from 'antd';
import { useI18n, useMessages } from '../../i18n/i18n-context.js';
import { useScriptVersions, type ScriptSummaryRow } from '../marketing-api.js';
import { scriptsMessages } from './scripts-messages.js';

/** The version new calls get for each key: the newest published, active one. */
export function liveVersions(rows: readonly ScriptSummaryRow[]): Map<string, number> {
  const live = new Map<string, number>();
  for (const r of rows)
    if (r.status === 'published' && r.active && r.version > (live.get(r.key) ?? 0))
      live.set(r.key, r.version);
  return live;
}

export function ScriptsPage() {
  const t = useMessages(scriptsMessages);
  const { locale } = useI18n();
  const versions = useScriptVersions();
  const live = liveVersions(versions.data ?? []);
  const status = (s: string) =>
    s === 'draft' || s === 'published' || s === 'retired' ? t(`status_${s}`) : s;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('heading')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('precedence')}</Typography.Paragraph>
      {versions.error && <Alert type="error" message={t('failed', { message: versions.error.message })} />}
      <Table<ScriptSummaryRow>
        rowKey="id"
        loading={versions.isLoading}
        dataSource={versions.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('key'), dataIndex: 'key' },
          { title: t('title'), dataIndex: 'title' },
          { title: t('language'), dataIndex: 'language' },
          { title: t('version'), render: (_, r) => `v${r.version}` },
          {
            title: t('status'),
            render: (_, r) => (
              <Space size={4}>
                <Tag>{status(r.status)}</Tag>
                {live.get(r.key) === r.version && <Tag color="green">{t('live')}</Tag>}
                {!r.active && <Tag>{t('inactive')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('publishedAt'),
            render: (_, r) => (r.publishedAt ? new Date(r.publishedAt).toLocaleString(locale) : '—'),
          },
          {
            title: t('binding'),
            render: (_, r) =>
              [r.lineId ? t('line') : null, r.queueId ? t('queue') : null].filter(Boolean).join(' + ') ||
              t('none'),
          },
        ]}
      />
    </Space>
  );
}
