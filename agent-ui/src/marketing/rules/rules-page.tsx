// /marketing/rules: every cross-sell rule with how it converts, and its editor.
import { Alert, Button, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { RuleView } from '@kefu/cti-server/contract';
import { useI18n, useMessages } from '../../i18n/i18n-context.js';
import { RuleEditor } from './rule-editor.js';
import { useRuleReport, useRules } from './rules-api.js';
import { rulesMessages } from './rules-messages.js';

export function RulesPage() {
  const t = useMessages(rulesMessages);
  const { locale } = useI18n();
  const rules = useRules();
  const report = useRuleReport();
  const [editing, setEditing] = useState<{ rule: RuleView | null } | null>(null);
  const figures = new Map((report.data ?? []).map((r) => [r.ruleId, r]));
  const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString(locale) : '…');

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('heading')}
        </Typography.Title>
        <Button type="primary" onClick={() => setEditing({ rule: null })}>
          {t('newRule')}
        </Button>
      </Space>
      {rules.error && <Alert type="error" message={t('loadFailed', { message: rules.error.message })} />}
      <Table<RuleView>
        rowKey="id"
        loading={rules.isLoading}
        dataSource={rules.data ?? []}
        pagination={false}
        columns={[
          { title: t('name'), dataIndex: 'name' },
          {
            title: t('offer'),
            render: (_, r) =>
              locale === 'en' ? (r.offerProduct.nameEn ?? r.offerProduct.name) : r.offerProduct.name,
          },
          { title: t('priority'), dataIndex: 'priority' },
          {
            title: t('active'),
            render: (_, r) =>
              r.active ? <Tag color="green">{t('active')}</Tag> : <Tag>{t('inactive')}</Tag>,
          },
          {
            title: t('validity'),
            render: (_, r) =>
              r.validFrom || r.validTo ? `${day(r.validFrom)} – ${day(r.validTo)}` : t('always'),
          },
          { title: t('offered'), render: (_, r) => figures.get(r.id)?.offered ?? 0 },
          { title: t('accepted'), render: (_, r) => figures.get(r.id)?.accepted ?? 0 },
          {
            title: t('conversion'),
            render: (_, r) => {
              const rate = figures.get(r.id)?.conversionRate;
              return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)} %`;
            },
          },
          {
            title: '',
            render: (_, r) => (
              <Button
                size="small"
                aria-label={t('editRule', { name: r.name })}
                onClick={() => setEditing({ rule: r })}
              >
                {t('edit')}
              </Button>
            ),
          },
        ]}
      />
      <RuleEditor rule={editing?.rule ?? null} open={editing !== null} onClose={() => setEditing(null)} />
    </Space>
  );
}
