// /marketing/experiments: A/B tests of two script versions or two offers, split per call, with
// each variant's figures and whether the difference is significant (the server's z-test).
import {
  Alert,
  Button,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Slider,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import type { ExperimentView, NewExperiment, VariantResult } from '@kefu/cti-server/contract';
import { useMessages } from '../../i18n/i18n-context.js';
import { useRules } from '../rules/rules-api.js';
import {
  useExperimentResults,
  useExperiments,
  useExperimentWrites,
  useScriptVersions,
} from '../marketing-api.js';
import { experimentsMessages } from './experiments-messages.js';
import { significanceSentence } from './significance.js';
import { pct } from '../format.js';

function Results({ id }: { id: string }) {
  const t = useMessages(experimentsMessages);
  const results = useExperimentResults(id);
  if (results.error) return <Alert type="error" message={t('failed', { message: results.error.message })} />;
  if (!results.data) return null;
  const { experiment, variants, tests } = results.data;
  return (
    <section aria-label={t('results')}>
      <Table<VariantResult>
        size="small"
        rowKey="variant"
        pagination={false}
        dataSource={variants}
        columns={[
          { title: t('variant'), render: (_, v) => `${v.variant} · ${v.label}` },
          { title: t('calls'), dataIndex: 'calls' },
          // Completion is a script's figure; an offer experiment has no script to walk.
          ...(experiment.kind === 'script'
            ? [
                {
                  title: t('completed'),
                  render: (_: unknown, v: VariantResult) => `${v.completed} (${pct(v.completionRate)})`,
                },
              ]
            : []),
          { title: t('offersMade'), dataIndex: 'offersMade' },
          { title: t('offersAccepted'), dataIndex: 'offersAccepted' },
          { title: t('conversion'), render: (_, v) => pct(v.conversionRate) },
        ]}
      />
      {tests.map((s) => (
        <Typography.Paragraph
          key={s.metric}
          data-testid={`significance-${s.metric}`}
          style={{ marginTop: 8 }}
        >
          {significanceSentence(t, s, variants)}
        </Typography.Paragraph>
      ))}
    </section>
  );
}

function NewExperimentModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useMessages(experimentsMessages);
  const [form] = Form.useForm<NewExperiment>();
  const kind = Form.useWatch('kind', form) ?? 'offer';
  const scriptKey = Form.useWatch('scriptKey', form);
  const rules = useRules();
  const scripts = useScriptVersions();
  const { create } = useExperimentWrites();
  const [error, setError] = useState<string | null>(null);
  const keys = [...new Set((scripts.data ?? []).map((s) => s.key))];
  const variantOptions =
    kind === 'offer'
      ? (rules.data ?? []).map((r) => ({ value: r.id, label: r.name }))
      : (scripts.data ?? [])
          .filter((s) => s.key === scriptKey && s.status === 'published')
          .map((s) => ({ value: String(s.version), label: `v${s.version} · ${s.title}` }));
  const submit = async (v: NewExperiment) => {
    setError(null);
    try {
      await create.mutateAsync({ ...v, scriptKey: v.kind === 'script' ? v.scriptKey : undefined });
      form.resetFields();
      onClose();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <Modal
      open={open}
      title={t('newExperiment')}
      okText={t('create')}
      cancelText={t('cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'offer', shareA: 50 }}
        onFinish={(v) => void submit(v)}
      >
        {error && <Alert type="error" role="alert" message={error} style={{ marginBottom: 12 }} />}
        <Form.Item
          name="name"
          label={t('name')}
          rules={[{ required: true, whitespace: true, message: t('required') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="kind" label={t('kind')}>
          <Radio.Group
            options={[
              { value: 'offer', label: t('kind_offer') },
              { value: 'script', label: t('kind_script') },
            ]}
          />
        </Form.Item>
        {kind === 'script' && (
          <Form.Item
            name="scriptKey"
            label={t('script')}
            rules={[{ required: true, message: t('required') }]}
          >
            <Select options={keys.map((k) => ({ value: k, label: k }))} />
          </Form.Item>
        )}
        <Form.Item name="variantA" label={t('variantA')} rules={[{ required: true, message: t('required') }]}>
          <Select options={variantOptions} showSearch optionFilterProp="label" />
        </Form.Item>
        <Form.Item name="variantB" label={t('variantB')} rules={[{ required: true, message: t('required') }]}>
          <Select options={variantOptions} showSearch optionFilterProp="label" />
        </Form.Item>
        <Form.Item name="shareA" label={t('shareA')}>
          <Slider min={1} max={99} marks={{ 1: '1', 50: '50', 99: '99' }} ariaLabelForHandle={t('shareA')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ExperimentsPage() {
  const t = useMessages(experimentsMessages);
  const experiments = useExperiments();
  const { transition } = useExperimentWrites();
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<string | null>(null);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('heading')}
        </Typography.Title>
        <Button type="primary" onClick={() => setCreating(true)}>
          {t('newExperiment')}
        </Button>
      </Space>
      {(experiments.error ?? transition.error) && (
        <Alert
          type="error"
          message={t('failed', { message: (experiments.error ?? transition.error)!.message })}
        />
      )}
      <Table<ExperimentView>
        rowKey="id"
        loading={experiments.isLoading}
        dataSource={experiments.data ?? []}
        pagination={false}
        locale={{ emptyText: t('none') }}
        // A named "Results" button opens a row's results (Ant's expand icon has no accessible name).
        expandable={{
          expandedRowKeys: shown ? [shown] : [],
          showExpandColumn: false,
          expandedRowRender: (e) => <Results id={e.id} />,
        }}
        columns={[
          { title: t('name'), dataIndex: 'name' },
          {
            title: t('kind'),
            render: (_, e) => t(`kind_${e.kind}`) + (e.scriptKey ? ` · ${e.scriptKey}` : ''),
          },
          { title: t('shareA'), render: (_, e) => `${e.shareA} / ${100 - e.shareA}` },
          {
            title: t('status'),
            render: (_, e) => (
              <Tag color={e.status === 'running' ? 'green' : undefined}>{t(`status_${e.status}`)}</Tag>
            ),
          },
          {
            title: '',
            render: (_, e) => (
              <Space>
                <Button
                  size="small"
                  aria-expanded={shown === e.id}
                  onClick={() => setShown(shown === e.id ? null : e.id)}
                >
                  {t('results')}
                </Button>
                {e.status !== 'stopped' && (
                  <Button
                    size="small"
                    loading={transition.isPending}
                    onClick={() =>
                      transition.mutate({ id: e.id, to: e.status === 'draft' ? 'start' : 'stop' })
                    }
                  >
                    {e.status === 'draft' ? t('start') : t('stop')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <NewExperimentModal open={creating} onClose={() => setCreating(false)} />
    </Space>
  );
}
