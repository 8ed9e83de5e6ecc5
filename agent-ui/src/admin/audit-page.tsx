import { Alert, AutoComplete, Button, DatePicker, Input, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useI18n, useMessages } from '../i18n/i18n-context.js';
import { adminMessages } from './admin-messages.js';
import { useAudit, type AuditEntry, type AuditFilter } from './admin-api.js';
import { auditDiff } from './audit-diff.js';

const ENTITIES = [
  'user',
  'agent',
  'trunk',
  'skill',
  'team',
  'queue',
  'line',
  'dial_rule',
  'setting',
  'config',
  // Supervisors' monitoring sessions, moved calls.
  'call',
];

/** before → after, one changed field a line; a removed value struck through. */
function Changes({ entry }: { entry: AuditEntry }) {
  const t = useMessages(adminMessages);
  const lines = auditDiff(entry.before, entry.after);
  if (lines.length === 0) return <Typography.Text type="secondary">{t('noChange')}</Typography.Text>;
  return (
    <ul className="audit-diff" style={{ margin: 0, paddingInlineStart: 16 }}>
      {lines.map((line) => (
        <li key={line.path}>
          <Typography.Text code>{line.path}</Typography.Text>{' '}
          {line.before !== null && <Typography.Text delete>{line.before}</Typography.Text>}
          {line.before !== null && line.after !== null && ' → '}
          {line.after !== null && <Typography.Text strong>{line.after}</Typography.Text>}
        </li>
      ))}
    </ul>
  );
}

export function AuditPage() {
  const t = useMessages(adminMessages);
  const { t: tc, dateTime } = useI18n();
  const [entity, setEntity] = useState<string | undefined>();
  const [actor, setActor] = useState<string | undefined>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const filter: AuditFilter = {
    entity: entity || undefined,
    actor: actor || undefined,
    from: range?.[0]?.startOf('day').toISOString(),
    to: range?.[1]?.endOf('day').toISOString(),
  };
  const audit = useAudit(filter);
  const entries = audit.data?.pages.flatMap((p) => p.entries) ?? [];

  const columns: ColumnsType<AuditEntry> = [
    { title: t('at'), dataIndex: 'at', render: (at: string) => dateTime(at), width: 170 },
    { title: t('actorColumn'), key: 'actor', render: (_, e) => e.actor?.username ?? t('system'), width: 120 },
    { title: t('action'), dataIndex: 'action', width: 140 },
    {
      title: t('entity'),
      key: 'entity',
      render: (_, e) => `${e.entity} ${e.entityId.slice(0, 8)}`,
      width: 150,
    },
    { title: t('summary'), dataIndex: 'summary' },
    { title: t('changes'), key: 'changes', render: (_, e) => <Changes entry={e} /> },
  ];

  return (
    <section aria-labelledby="admin-audit-title">
      <Typography.Title level={3} id="admin-audit-title">
        {t('navAudit')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }} role="search" aria-label={t('auditFilters')}>
        <AutoComplete
          aria-label={t('entity')}
          placeholder={t('entity')}
          allowClear
          options={ENTITIES.map((value) => ({ value }))}
          onChange={(v: string) => setEntity(v || undefined)}
          style={{ width: 160 }}
          filterOption
        />
        <Input.Search
          aria-label={t('actor')}
          placeholder={t('actor')}
          allowClear
          onSearch={(v) => setActor(v || undefined)}
          style={{ width: 200 }}
        />
        <DatePicker.RangePicker
          aria-label={t('dateRange')}
          placeholder={[t('from'), t('to')]}
          value={range}
          onChange={(v) => setRange(v)}
          allowEmpty={[true, true]}
        />
      </Space>
      {audit.error && (
        <Alert
          type="error"
          role="alert"
          message={tc('error', { message: audit.error.message })}
          action={<Button onClick={() => void audit.refetch()}>{tc('retry')}</Button>}
          style={{ marginBottom: 16 }}
        />
      )}
      <Table<AuditEntry>
        rowKey="id"
        size="middle"
        loading={audit.isPending || (audit.isFetching && !audit.isFetchingNextPage)}
        columns={columns}
        dataSource={entries}
        pagination={false}
        footer={() => t('entriesShown', { count: entries.length })}
        data-testid="audit-table"
      />
      {audit.hasNextPage && (
        <Button
          style={{ marginTop: 16 }}
          onClick={() => void audit.fetchNextPage()}
          loading={audit.isFetchingNextPage}
        >
          {t('loadMore')}
        </Button>
      )}
    </section>
  );
}
