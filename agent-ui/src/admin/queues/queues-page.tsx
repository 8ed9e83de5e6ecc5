// /admin/queues: the queues, their routing, timers, overflow, dispositions, music on hold and
// who can serve them. Admins edit; supervisors read.
import {
  Alert,
  App,
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
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useRef, useState, type ChangeEvent } from 'react';
import type { AdminQueue } from '@kefu/cti-server/contract';
import { useI18n, useMessages } from '../../i18n/i18n-context.js';
import { useSignedIn } from '../../session/session-context.js';
import { isAdmin } from '../../shell/workspaces.js';
import { useSkills } from '../admin-api.js';
import { showServerError } from '../server-error.js';
import {
  NEW_QUEUE,
  QUEUE_NAME_PATTERN,
  STRATEGIES,
  queueFormValues,
  toNewQueue,
  toQueuePatch,
  type QueueFormValues,
} from './queue-form.js';
import { useCodes, useQueueMembers, useQueueMutations, useQueues } from './queues-api.js';
import { queuesMessages } from './queues-messages.js';

const FIELDS = [
  'name',
  'displayName',
  'skills',
  'strategy',
  'relaxation',
  'overflowQueueId',
  'dispositions',
  'wrapUpSeconds',
  'maxWaitSeconds',
] as const;

type T = ReturnType<typeof useMessages<keyof (typeof queuesMessages)['en']>>;

function MusicOnHold({ queue, t, readOnly }: { queue: AdminQueue; t: T; readOnly: boolean }) {
  const { message } = App.useApp();
  const mutations = useQueueMutations();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const music = queue.musicOnHold;
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setError(null);
    try {
      await mutations.uploadMusic.mutateAsync({ id: queue.id, file });
      void message.success(t('saved'));
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <section aria-labelledby={`music-${queue.id}`} style={{ marginTop: 24 }}>
      <Typography.Title level={5} id={`music-${queue.id}`}>
        {t('musicOnHold')}
      </Typography.Title>
      <p data-testid="music-on-hold">
        {music
          ? t('musicFile', { name: music.originalName, seconds: Math.round(music.durationMs / 1000) })
          : t('builtInMusic')}
      </p>
      {!readOnly && (
        <Space wrap>
          <input
            ref={input}
            type="file"
            accept=".wav,audio/wav,audio/x-wav,audio/wave"
            aria-label={t('uploadMusic')}
            style={{ display: 'none' }}
            onChange={(e) => void onFile(e)}
          />
          <Button loading={mutations.uploadMusic.isPending} onClick={() => input.current?.click()}>
            {mutations.uploadMusic.isPending ? t('uploading') : t('uploadMusic')}
          </Button>
          {music && (
            <Button
              loading={mutations.removeMusic.isPending}
              onClick={() =>
                void mutations.removeMusic.mutateAsync(queue.id).catch((err: Error) => setError(err.message))
              }
            >
              {t('removeMusic')}
            </Button>
          )}
        </Space>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('musicHint')}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" message={t('errServer', { message: error })} />}
    </section>
  );
}

function Members({ queue, t }: { queue: AdminQueue; t: T }) {
  const members = useQueueMembers(queue.id);
  return (
    <section aria-labelledby={`members-${queue.id}`} style={{ marginTop: 24 }}>
      <Typography.Title level={5} id={`members-${queue.id}`}>
        {t('members')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('membersHint')}</Typography.Paragraph>
      {members.data?.warning && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          message={members.data.warning}
          style={{ marginBottom: 12 }}
        />
      )}
      <Table
        rowKey="agentId"
        size="small"
        loading={members.isPending}
        pagination={false}
        dataSource={members.data?.members ?? []}
        columns={[
          { title: t('extension'), dataIndex: 'extension' },
          { title: t('displayName'), dataIndex: 'displayName' },
          { title: t('team'), dataIndex: 'team', render: (v: string | null) => v ?? '—' },
          {
            title: t('proficiency'),
            key: 'skills',
            render: (_, m) => m.skills.map((s) => <Tag key={s.skill}>{`${s.skill} ${s.proficiency}`}</Tag>),
          },
          { title: t('languages'), dataIndex: 'languages', render: (v: string[]) => v.join(', ') || '—' },
        ]}
        footer={() => t('membersCount', { count: members.data?.members.length ?? 0 })}
      />
    </section>
  );
}

function QueueForm({
  queue,
  queues,
  readOnly,
  onDone,
}: {
  queue?: AdminQueue;
  queues: AdminQueue[];
  readOnly: boolean;
  onDone(): void;
}) {
  const t = useMessages(queuesMessages);
  const { locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<QueueFormValues>();
  const mutations = useQueueMutations();
  const skills = useSkills();
  const dispositions = useCodes('dispositions');
  const [alert, setAlert] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const overflowKind = Form.useWatch('overflowKind', form);

  const skillOptions = (skills.data ?? []).map((s) => ({
    value: s.name,
    label: `${s.name}${s.kind === 'language' ? ' 🗣' : ''}`,
  }));
  const proficiency = [1, 2, 3, 4, 5].map((p) => ({ value: p, label: String(p) }));

  const submit = async (values: QueueFormValues) => {
    setPending(true);
    setAlert(null);
    try {
      if (queue) {
        const patch = toQueuePatch(queue, values);
        if (Object.keys(patch).length === 0) void message.info(t('nothingChanged'));
        else await mutations.update.mutateAsync({ id: queue.id, patch });
      } else await mutations.create.mutateAsync(toNewQueue(values));
      void message.success(t('saved'));
      onDone();
    } catch (err) {
      const rest = showServerError(form, err, FIELDS);
      if (rest) setAlert(t('errServer', { message: rest }));
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <Form<QueueFormValues>
        form={form}
        name={queue ? `queue-${queue.id}` : 'new-queue'}
        layout="vertical"
        requiredMark={false}
        disabled={readOnly}
        initialValues={queue ? queueFormValues(queue) : NEW_QUEUE}
        onFinish={submit}
      >
        {alert && <Alert type="error" showIcon role="alert" message={alert} style={{ marginBottom: 16 }} />}
        <Space wrap align="start">
          <Form.Item
            name="name"
            label={t('queueName')}
            rules={[{ required: true, pattern: QUEUE_NAME_PATTERN, message: t('errQueueName') }]}
          >
            <Input disabled={Boolean(queue)} autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label={t('displayName')} rules={[{ required: true, max: 100 }]}>
            <Input autoComplete="off" style={{ width: 260 }} />
          </Form.Item>
        </Space>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('skills')}
        </Typography.Title>
        <Form.List name="skills">
          {(rows, { add, remove }) => (
            <div style={{ marginTop: 8 }}>
              {rows.map((row) => (
                <Space key={row.key} align="start" wrap>
                  <Form.Item
                    name={[row.name, 'skill']}
                    label={t('skill')}
                    rules={[{ required: true, message: t('errLabel') }]}
                  >
                    <Select style={{ width: 180 }} options={skillOptions} showSearch />
                  </Form.Item>
                  <Form.Item name={[row.name, 'minProficiency']} label={t('proficiency')} initialValue={1}>
                    <Select style={{ width: 80 }} options={proficiency} />
                  </Form.Item>
                  <Button
                    style={{ marginTop: 30 }}
                    onClick={() => remove(row.name)}
                    aria-label={`${t('remove')} ${row.name + 1}`}
                  >
                    {t('remove')}
                  </Button>
                </Space>
              ))}
              <Form.Item>
                <Button onClick={() => add({ minProficiency: 1 })}>{t('addSkill')}</Button>
              </Form.Item>
            </div>
          )}
        </Form.List>
        <Space wrap align="start">
          <Form.Item name="strategy" label={t('strategy')}>
            <Select
              style={{ width: 180 }}
              options={STRATEGIES.map((s) => ({ value: s, label: t(`strategy_${s}`) }))}
            />
          </Form.Item>
          <Form.Item name="basePriority" label={t('basePriority')}>
            <InputNumber min={-100} max={100} precision={0} />
          </Form.Item>
        </Space>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('relaxation')}
        </Typography.Title>
        <Form.List name="relaxation">
          {(rows, { add, remove }) => (
            <div style={{ marginTop: 8 }}>
              {rows.map((row) => (
                <Space key={row.key} align="start" wrap={false} size="small">
                  <Form.Item
                    name={[row.name, 'afterSeconds']}
                    label={t('afterSeconds')}
                    rules={[{ required: true, message: t('errLabel') }]}
                  >
                    <InputNumber min={0} max={86400} precision={0} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'minProficiency']} label={t('lowerTo')}>
                    <Select allowClear style={{ width: 80 }} options={proficiency} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'dropSkills']} label={t('dropSkills')}>
                    <Select mode="multiple" style={{ width: 150 }} options={skillOptions} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'addSkills']} label={t('addSkills')}>
                    <Select mode="multiple" style={{ width: 150 }} options={skillOptions} />
                  </Form.Item>
                  <Form.Item
                    name={[row.name, 'anyLanguage']}
                    label={t('anyLanguage')}
                    valuePropName="checked"
                  >
                    <Checkbox />
                  </Form.Item>
                  <Button style={{ marginTop: 30 }} onClick={() => remove(row.name)}>
                    {t('remove')}
                  </Button>
                </Space>
              ))}
              <Form.Item>
                <Button onClick={() => add({ afterSeconds: 60 })}>{t('addStep')}</Button>
              </Form.Item>
            </div>
          )}
        </Form.List>
        <Space wrap align="start">
          <Form.Item name="serviceLevelSeconds" label={t('serviceLevelSeconds')}>
            <InputNumber min={1} max={3600} precision={0} />
          </Form.Item>
          <Form.Item name="serviceLevelTarget" label={t('serviceLevelTarget')}>
            <InputNumber min={1} max={100} precision={0} />
          </Form.Item>
          <Form.Item name="ringTimeoutSeconds" label={t('ringTimeout')}>
            <InputNumber
              min={5}
              max={300}
              precision={0}
              placeholder={t('serverDefault')}
              style={{ width: 150 }}
            />
          </Form.Item>
          <Form.Item name="wrapUpSeconds" label={t('wrapUp')}>
            <InputNumber min={0} max={3600} precision={0} />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="maxWaitSeconds" label={t('maxWait')}>
            <InputNumber min={10} max={86400} precision={0} />
          </Form.Item>
          <Form.Item name="overflowKind" label={t('overflow')}>
            <Select
              style={{ width: 180 }}
              options={(['none', 'queue', 'voicemail', 'callback'] as const).map((k) => ({
                value: k,
                label: t(`overflow_${k}`),
              }))}
            />
          </Form.Item>
          {overflowKind === 'queue' && (
            <Form.Item
              name="overflowQueueId"
              label={t('overflowQueue')}
              rules={[{ required: true, message: t('errLabel') }]}
            >
              <Select
                style={{ width: 200 }}
                options={queues
                  .filter((q) => q.id !== queue?.id && q.active)
                  .map((q) => ({ value: q.id, label: `${q.name} (${q.displayName})` }))}
              />
            </Form.Item>
          )}
          <Form.Item name="announceEverySeconds" label={t('announceEvery')}>
            <InputNumber
              min={0}
              max={3600}
              precision={0}
              placeholder={t('serverDefault')}
              style={{ width: 150 }}
            />
          </Form.Item>
        </Space>
        <Form.Item name="dispositions" label={t('dispositions')}>
          <Select
            mode="multiple"
            placeholder={t('allDispositions')}
            options={(dispositions.data ?? []).map((d) => ({
              value: d.code,
              label: `${d.labels[locale]} (${d.code})`,
            }))}
          />
        </Form.Item>
        <Form.Item name="requireDisposition" label={t('requireDisposition')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {!readOnly && (
          <Space style={{ display: 'flex' }}>
            <Button type="primary" htmlType="submit" loading={pending}>
              {t('save')}
            </Button>
            <Button onClick={onDone} disabled={false}>
              {t('cancel')}
            </Button>
          </Space>
        )}
      </Form>
      {queue && <MusicOnHold queue={queue} t={t} readOnly={readOnly} />}
      {queue && <Members queue={queue} t={t} />}
    </>
  );
}

export function QueuesPage() {
  const t = useMessages(queuesMessages);
  const { t: tc } = useI18n();
  const { user } = useSignedIn();
  const admin = isAdmin(user);
  const { message } = App.useApp();
  const queues = useQueues();
  const mutations = useQueueMutations();
  const [drawer, setDrawer] = useState<{ kind: 'new' } | { kind: 'edit'; id: string } | null>(null);
  const editing = drawer?.kind === 'edit' ? queues.data?.find((q) => q.id === drawer.id) : undefined;

  const toggle = async (q: AdminQueue) => {
    try {
      await mutations.setActive.mutateAsync({ id: q.id, active: !q.active });
      void message.success(t('saved'));
    } catch (err) {
      void message.error(t('errServer', { message: (err as Error).message }));
    }
  };

  const columns: ColumnsType<AdminQueue> = [
    {
      title: t('queueName'),
      key: 'name',
      render: (_, q) => (
        <span>
          <strong>{q.name}</strong> <Typography.Text type="secondary">{q.displayName}</Typography.Text>
        </span>
      ),
    },
    {
      title: t('state'),
      dataIndex: 'active',
      render: (v: boolean) => <Tag color={v ? 'green' : 'default'}>{v ? t('active') : t('disabled')}</Tag>,
    },
    {
      title: t('skills'),
      key: 'skills',
      render: (_, q) => q.skills.map((s) => <Tag key={s.skill}>{`${s.skill} ≥ ${s.minProficiency}`}</Tag>),
    },
    {
      title: t('slColumn'),
      key: 'sl',
      render: (_, q) => t('slValue', { target: q.serviceLevelTarget, seconds: q.serviceLevelSeconds }),
    },
    {
      title: t('wrapUpColumn'),
      dataIndex: 'wrapUpSeconds',
      render: (v: number) => t('seconds', { seconds: v }),
    },
    {
      title: t('overflow'),
      key: 'overflow',
      render: (_, q) =>
        q.overflow.kind === 'queue' ? q.overflow.queueName : t(`overflow_${q.overflow.kind}`),
    },
    { title: t('linesColumn'), key: 'lines', render: (_, q) => q.lines.map((l) => l.dnis).join(', ') || '—' },
    {
      title: t('actions'),
      key: 'actions',
      render: (_, q) => (
        <Space>
          <Button
            size="small"
            onClick={() => setDrawer({ kind: 'edit', id: q.id })}
            aria-label={t('editQueue', { name: q.name })}
          >
            {t('edit')}
          </Button>
          {admin && (
            <Button size="small" danger={q.active} onClick={() => void toggle(q)}>
              {q.active ? t('disable') : t('enable')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <section aria-labelledby="admin-queues-title">
      <Typography.Title level={3} id="admin-queues-title">
        {t('queuesTitle')}
      </Typography.Title>
      {admin ? (
        <Space style={{ marginBottom: 16 }}>
          <Button type="primary" onClick={() => setDrawer({ kind: 'new' })}>
            {t('newQueue')}
          </Button>
        </Space>
      ) : (
        <Alert type="info" showIcon message={t('readOnly')} style={{ marginBottom: 16 }} />
      )}
      {queues.error && (
        <Alert
          type="error"
          role="alert"
          message={tc('error', { message: queues.error.message })}
          action={<Button onClick={() => void queues.refetch()}>{tc('retry')}</Button>}
          style={{ marginBottom: 16 }}
        />
      )}
      <Table<AdminQueue>
        rowKey="id"
        size="middle"
        loading={queues.isPending}
        columns={columns}
        dataSource={queues.data ?? []}
        pagination={false}
        footer={() => t('queuesCount', { count: queues.data?.length ?? 0 })}
      />
      <Drawer
        open={drawer !== null}
        onClose={() => setDrawer(null)}
        title={editing ? t('editQueue', { name: editing.name }) : t('newQueue')}
        width={880}
        destroyOnHidden
      >
        {drawer && (drawer.kind === 'new' || editing) && (
          <QueueForm
            key={editing?.id ?? 'new'}
            {...(editing && { queue: editing })}
            queues={queues.data ?? []}
            readOnly={!admin}
            onDone={() => setDrawer(null)}
          />
        )}
      </Drawer>
    </section>
  );
}
