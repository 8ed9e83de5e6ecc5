// The rule editor: conditions built from customer facts, the pitch in both languages, priority
// and validity, with the live count of the customers the conditions select.
import {
  Alert,
  Button,
  Checkbox,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import type { CrossSellConditions, RuleView } from '@kefu/cti-server/contract';
import { useI18n, useMessages } from '../../i18n/i18n-context.js';
import {
  conditionsOf,
  emptyRule,
  formOfRule,
  QUADRANTS,
  ruleBody,
  SEGMENTS,
  STAGES,
  type RuleFormValues,
} from './rule-form.js';
import { useMatch, useProducts, useSaveRule } from './rules-api.js';
import { rulesMessages } from './rules-messages.js';

/** The value after it stopped changing for `ms` (the count is asked once the author pauses). */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  const key = JSON.stringify(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(JSON.parse(key) as T), ms);
    return () => clearTimeout(timer);
  }, [key, ms]);
  return settled;
}

function MatchingCustomers({ conditions, suppress }: { conditions: CrossSellConditions; suppress: boolean }) {
  const t = useMessages(rulesMessages);
  const settled = useSettled({ conditions, suppress }, 300);
  const match = useMatch(settled.conditions, settled.suppress);
  return (
    <section aria-label={t('sample')} style={{ marginTop: 16 }}>
      <Space align="baseline">
        <Typography.Text strong id="matching-customers-label">
          {t('matching')}
        </Typography.Text>
        <output
          aria-labelledby="matching-customers-label"
          aria-busy={match.isFetching}
          data-testid="matching-customers"
          style={{ fontSize: 24, fontWeight: 600 }}
        >
          {match.data ? match.data.count : '…'}
        </output>
      </Space>
      <Typography.Paragraph type="secondary">{t('matchingHint')}</Typography.Paragraph>
      {match.error && <Alert type="error" message={t('loadFailed', { message: match.error.message })} />}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={match.data?.sample ?? []}
        columns={[
          { title: t('customer'), dataIndex: 'name' },
          { title: t('tier'), dataIndex: 'vipTier' },
          {
            title: t('stage'),
            dataIndex: 'lifecycleStage',
            render: (s: string) => t(`stage_${s}` as 'stage_potential'),
          },
          { title: t('quadrant'), dataIndex: 'valueQuadrant' },
          { title: t('segment'), dataIndex: 'segment' },
          { title: t('city'), dataIndex: 'city' },
        ]}
      />
    </section>
  );
}

export function RuleEditor({
  rule,
  open,
  onClose,
}: {
  rule: RuleView | null;
  open: boolean;
  onClose: () => void;
}) {
  const t = useMessages(rulesMessages);
  const { locale } = useI18n();
  const [form] = Form.useForm<RuleFormValues>();
  const products = useProducts();
  const save = useSaveRule();
  const [error, setError] = useState<string | null>(null);
  const values = Form.useWatch([], form) as RuleFormValues | undefined;

  useEffect(() => {
    if (!open) return;
    form.setFieldsValue(rule ? formOfRule(rule) : emptyRule);
  }, [open, rule, form]);

  const productOptions = (products.data ?? []).map((p) => ({
    value: p.sku,
    label: `${locale === 'en' ? (p.nameEn ?? p.name) : p.name} (${p.sku})`,
  }));
  const close = () => {
    setError(null);
    onClose();
  };
  const submit = async (v: RuleFormValues) => {
    setError(null);
    try {
      await save.mutateAsync({ id: rule?.id ?? null, body: ruleBody({ ...emptyRule, ...v }) });
      close();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={close}
      width={760}
      title={rule ? t('editRule', { name: rule.name }) : t('newRule')}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={close}>{t('cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {t('save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={emptyRule}>
        {error && <Alert type="error" message={error} style={{ marginBottom: 16 }} role="alert" />}
        <Form.Item
          name="name"
          label={t('name')}
          rules={[{ required: true, whitespace: true, message: t('required') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="offerSku" label={t('offer')} rules={[{ required: true, message: t('required') }]}>
          <Select showSearch optionFilterProp="label" options={productOptions} loading={products.isLoading} />
        </Form.Item>
        <Typography.Title level={5}>{t('conditions')}</Typography.Title>
        <Space wrap size="large" align="start">
          <Form.Item name="ownsSku" label={t('ownsSku')} style={{ minWidth: 260 }}>
            <Select allowClear showSearch optionFilterProp="label" options={productOptions} />
          </Form.Item>
          <Form.Item name="notOwnsSku" label={t('notOwnsSku')} style={{ minWidth: 260 }}>
            <Select allowClear showSearch optionFilterProp="label" options={productOptions} />
          </Form.Item>
          <Form.Item name="minVipTier" label={t('minVipTier')}>
            <InputNumber min={0} max={10} />
          </Form.Item>
        </Space>
        <Form.Item name="stages" label={t('stages')}>
          <Checkbox.Group options={STAGES.map((s) => ({ value: s, label: t(`stage_${s}`) }))} />
        </Form.Item>
        <Form.Item name="quadrants" label={t('quadrants')}>
          <Checkbox.Group options={QUADRANTS.map((q) => ({ value: q, label: q }))} />
        </Form.Item>
        <Space wrap size="large" align="start">
          <Form.Item name="segments" label={t('segments')} style={{ minWidth: 260 }}>
            <Select mode="tags" options={SEGMENTS.map((s) => ({ value: s, label: s }))} />
          </Form.Item>
          <Form.Item name="regions" label={t('regions')} style={{ minWidth: 260 }}>
            <Select mode="tags" open={false} />
          </Form.Item>
        </Space>
        <Space wrap size="large" align="start">
          <Form.Item name="minDaysSinceLastPurchase" label={t('minDays')}>
            <InputNumber min={0} max={36500} />
          </Form.Item>
          <Form.Item name="maxDaysSinceLastPurchase" label={t('maxDays')}>
            <InputNumber min={0} max={36500} />
          </Form.Item>
        </Space>
        <Form.Item name="suppressOnOpenComplaint" valuePropName="checked">
          <Checkbox>{t('suppress')}</Checkbox>
        </Form.Item>
        <Form.Item
          name="pitch"
          label={t('pitch')}
          rules={[{ required: true, whitespace: true, message: t('required') }]}
        >
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="pitchEn" label={t('pitchEn')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Space wrap size="large" align="start">
          <Form.Item name="priority" label={t('priority')}>
            <InputNumber min={-1000} max={1000} />
          </Form.Item>
          <Form.Item name="validFrom" label={t('validFrom')}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="validTo" label={t('validTo')}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="active" label={t('active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
      </Form>
      <MatchingCustomers
        conditions={conditionsOf(values ?? emptyRule)}
        suppress={values?.suppressOnOpenComplaint ?? false}
      />
    </Drawer>
  );
}
