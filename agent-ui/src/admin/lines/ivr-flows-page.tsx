// /admin/ivr-flows: the flows the server has loaded — version, source, the queues they hand
// calls to, the lines using each, what is wrong (a missing or disabled queue, a line naming a
// flow not loaded) — and the selected flow's diagram.
import { Alert, List, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Suspense, lazy, useState } from 'react';
import type { IvrFlowSummary } from '@kefu/cti-server/contract';
import { useI18n, useMessages } from '../../i18n/i18n-context.js';
import { useIvrFlowGraph, useIvrFlows } from './lines-api.js';
import { linesMessages } from './lines-messages.js';

const FlowDiagram = lazy(() => import('./flow-diagram.js'));

export function IvrFlowsPage() {
  const t = useMessages(linesMessages);
  const { t: tc } = useI18n();
  const flows = useIvrFlows();
  const [selected, setSelected] = useState<string | null>(null);
  const current = selected ?? flows.data?.flows[0]?.id ?? null;
  const graph = useIvrFlowGraph(current);

  const columns: ColumnsType<IvrFlowSummary> = [
    {
      title: t('flowId'),
      key: 'id',
      render: (_, f) => (
        <span>
          <strong>{f.id}</strong> <Typography.Text type="secondary">{f.name}</Typography.Text>
        </span>
      ),
    },
    { title: t('version'), dataIndex: 'version', render: (v: number) => `v${v}` },
    {
      title: t('source'),
      dataIndex: 'source',
      render: (v: string) => (v === 'built-in' ? t('builtIn') : <code>{v.split('/').pop()}</code>),
    },
    {
      title: t('linesUsing'),
      key: 'lines',
      render: (_, f) =>
        f.lines.length > 0 ? f.lines.map((l) => <Tag key={l.id}>{`${l.dnis} ${l.name}`}</Tag>) : t('noLines'),
    },
    { title: t('queues'), key: 'queues', render: (_, f) => f.queues.join(', ') || '—' },
    {
      title: t('problems'),
      key: 'problems',
      render: (_, f) =>
        f.problems.length === 0 ? (
          t('noProblems')
        ) : (
          <Space direction="vertical" size={2}>
            {f.problems.map((p) => (
              <Typography.Text key={p.message} type={p.severity === 'error' ? 'danger' : 'warning'}>
                {p.message}
              </Typography.Text>
            ))}
          </Space>
        ),
    },
  ];

  return (
    <section aria-labelledby="admin-flows-title">
      <Typography.Title level={3} id="admin-flows-title">
        {t('flowsTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('flowsHint')}</Typography.Paragraph>
      {flows.error && (
        <Alert type="error" role="alert" message={tc('error', { message: flows.error.message })} />
      )}
      {(flows.data?.problems.length ?? 0) > 0 && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          message={t('lineProblems')}
          description={
            <List
              size="small"
              dataSource={flows.data!.problems}
              renderItem={(p) => <List.Item>{p.message}</List.Item>}
            />
          }
        />
      )}
      <Table<IvrFlowSummary>
        rowKey="id"
        size="middle"
        loading={flows.isPending}
        columns={columns}
        dataSource={flows.data?.flows ?? []}
        pagination={false}
        rowSelection={{
          type: 'radio',
          selectedRowKeys: current ? [current] : [],
          onChange: (keys) => setSelected((keys[0] as string | undefined) ?? null),
        }}
        onRow={(f) => ({ onClick: () => setSelected(f.id) })}
      />
      <section style={{ marginTop: 24 }} aria-labelledby="flow-diagram-title">
        <Typography.Title level={4} id="flow-diagram-title">
          {graph.data ? t('diagram', { name: graph.data.flow.name }) : t('selectFlow')}
        </Typography.Title>
        {graph.data && (
          <Suspense fallback={<Spin tip={t('loadingDiagram')} />}>
            <FlowDiagram graph={graph.data.graph} label={t('diagram', { name: graph.data.flow.name })} />
          </Suspense>
        )}
      </section>
    </section>
  );
}
