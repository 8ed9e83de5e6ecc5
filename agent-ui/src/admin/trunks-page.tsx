import {
  Alert,
  App,
  Button,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useI18n, useMessages } from '../i18n/i18n-context.js';
import { adminMessages } from './admin-messages.js';
import { useTrunkMutations, useTrunks, type TrunkView } from './admin-api.js';
import { showServerError } from './server-error.js';
import {
  NEW_TRUNK,
  TRUNK_NAME_PATTERN,
  toNewTrunk,
  toTrunkPatch,
  trunkFormValues,
  type TrunkFormValues,
} from './trunk-form.js';

const FIELDS = [
  'name',
  'allowedCidrs',
  'inboundUsername',
  'inboundPassword',
  'host',
  'port',
  'username',
  'password',
  'callerId',
] as const;

function TrunkForm({ trunk, onDone }: { trunk?: TrunkView; onDone(): void }) {
  const t = useMessages(adminMessages);
  const { message } = App.useApp();
  const [form] = Form.useForm<TrunkFormValues>();
  const mutations = useTrunkMutations();
  const [alert, setAlert] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (values: TrunkFormValues) => {
    setPending(true);
    setAlert(null);
    try {
      if (trunk) {
        const patch = toTrunkPatch(trunk, values);
        if (Object.keys(patch).length === 0) void message.info(t('nothingChanged'));
        else await mutations.update.mutateAsync({ id: trunk.id, patch });
      } else {
        await mutations.create.mutateAsync(toNewTrunk(values));
      }
      void message.success(t('saved'));
      onDone();
    } catch (err) {
      // "trunk x exists" (409) is about the name; a bad allowlist (400 BAD_CIDR) about the CIDRs.
      const text = (err as Error).message;
      const rest = showServerError(form, err, FIELDS);
      if (rest && /cidr|address/i.test(text)) form.setFields([{ name: 'allowedCidrs', errors: [text] }]);
      else if (rest) setAlert(t('errServer', { message: rest }));
    } finally {
      setPending(false);
    }
  };
  const secret = (has: boolean | undefined) => (has ? t('secretKept') : undefined);

  return (
    <Form<TrunkFormValues>
      form={form}
      name={trunk ? `trunk-${trunk.id}` : 'new-trunk'}
      layout="vertical"
      requiredMark={false}
      initialValues={trunk ? trunkFormValues(trunk) : NEW_TRUNK}
      onFinish={submit}
    >
      {alert && <Alert type="error" showIcon role="alert" message={alert} style={{ marginBottom: 16 }} />}
      <Form.Item
        name="name"
        label={t('trunkName')}
        rules={[{ required: true, pattern: TRUNK_NAME_PATTERN, message: t('errTrunkName') }]}
      >
        <Input disabled={Boolean(trunk)} autoComplete="off" />
      </Form.Item>
      <Form.Item name="direction" label={t('direction')}>
        <Select
          options={(['inbound', 'outbound', 'both'] as const).map((d) => ({
            value: d,
            label: t(`direction_${d}`),
          }))}
        />
      </Form.Item>
      <Form.Item name="allowedCidrs" label={t('allowedCidrs')}>
        <Input.TextArea autoSize placeholder="198.51.100.0/24, 2001:db8::/32" />
      </Form.Item>
      <Space wrap>
        <Form.Item name="host" label={t('host')}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="port" label={t('port')}>
          <InputNumber min={1} max={65535} precision={0} />
        </Form.Item>
        <Form.Item name="transport" label={t('transport')}>
          <Select
            style={{ width: 100 }}
            options={['udp', 'tcp', 'tls'].map((v) => ({ value: v, label: v.toUpperCase() }))}
          />
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="inboundUsername" label={t('inboundUsername')}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="inboundPassword"
          label={t('inboundPassword')}
          rules={[{ min: 8, message: t('errPasswordShort') }]}
        >
          <Input.Password autoComplete="new-password" placeholder={secret(trunk?.hasInboundPassword)} />
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="username" label={t('trunkUsername')}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="password" label={t('trunkPassword')}>
          <Input.Password autoComplete="new-password" placeholder={secret(trunk?.hasPassword)} />
        </Form.Item>
      </Space>
      <Form.Item name="callerId" label={t('callerId')}>
        <Input autoComplete="off" />
      </Form.Item>
      <Space size="large">
        <Form.Item name="register" label={t('register')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="enabled" label={t('enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Space>
      <Space style={{ display: 'flex' }}>
        <Button type="primary" htmlType="submit" loading={pending}>
          {t('save')}
        </Button>
        <Button onClick={onDone}>{t('cancel')}</Button>
      </Space>
    </Form>
  );
}

export function TrunksPage() {
  const t = useMessages(adminMessages);
  const { t: tc } = useI18n();
  const trunks = useTrunks();
  const [drawer, setDrawer] = useState<{ kind: 'new' } | { kind: 'edit'; trunk: TrunkView } | null>(null);
  const yesNo = (v: boolean) => (v ? t('yes') : t('no'));

  const columns: ColumnsType<TrunkView> = [
    { title: t('trunkName'), dataIndex: 'name' },
    {
      title: t('direction'),
      dataIndex: 'direction',
      render: (d: 'inbound' | 'outbound' | 'both') => t(`direction_${d}`),
    },
    {
      title: t('host'),
      key: 'host',
      render: (_, tr) => (tr.host ? `${tr.host}${tr.port ? `:${tr.port}` : ''}` : '—'),
    },
    { title: t('transport'), dataIndex: 'transport', render: (v: string) => v.toUpperCase() },
    { title: t('allowedCidrsColumn'), dataIndex: 'allowedCidrs', render: (v: string) => v || '—' },
    { title: t('register'), dataIndex: 'register', render: yesNo },
    {
      title: t('enabled'),
      dataIndex: 'enabled',
      render: (v: boolean) => <Tag color={v ? 'green' : 'default'}>{v ? t('enabled') : t('disabled')}</Tag>,
    },
    {
      title: t('actions'),
      key: 'actions',
      render: (_, tr) => (
        <Button
          size="small"
          onClick={() => setDrawer({ kind: 'edit', trunk: tr })}
          aria-label={t('editTrunk', { name: tr.name })}
        >
          {t('edit')}
        </Button>
      ),
    },
  ];

  return (
    <section aria-labelledby="admin-trunks-title">
      <Typography.Title level={3} id="admin-trunks-title">
        {t('navTrunks')}
      </Typography.Title>
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" onClick={() => setDrawer({ kind: 'new' })}>
          {t('newTrunk')}
        </Button>
      </Space>
      {trunks.error && (
        <Alert
          type="error"
          role="alert"
          message={tc('error', { message: trunks.error.message })}
          action={<Button onClick={() => void trunks.refetch()}>{tc('retry')}</Button>}
          style={{ marginBottom: 16 }}
        />
      )}
      <Table<TrunkView>
        rowKey="id"
        size="middle"
        loading={trunks.isPending}
        columns={columns}
        dataSource={trunks.data ?? []}
        pagination={false}
        footer={() => t('trunksCount', { count: trunks.data?.length ?? 0 })}
      />
      <Drawer
        open={drawer !== null}
        onClose={() => setDrawer(null)}
        title={drawer?.kind === 'edit' ? t('editTrunk', { name: drawer.trunk.name }) : t('newTrunk')}
        width={560}
        destroyOnHidden
      >
        {drawer && (
          <TrunkForm
            key={drawer.kind === 'edit' ? drawer.trunk.id : 'new'}
            {...(drawer.kind === 'edit' && { trunk: drawer.trunk })}
            onDone={() => setDrawer(null)}
          />
        )}
      </Drawer>
    </section>
  );
}
