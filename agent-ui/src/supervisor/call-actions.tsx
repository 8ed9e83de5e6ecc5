// What a supervisor can do to one live call: Move a waiting call (to another queue, or to a
// named ready agent), or monitor a connected one (MonitorControls). The row updates from the
// board's push, not from the route's answer.
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Form, Modal, Radio, Select, Typography } from 'antd';
import { useState } from 'react';
import type { QueueView, WallboardCall } from '../api/types.js';
import { queryKeys } from '../api/query-keys.js';
import { useMessages } from '../i18n/i18n-context.js';
import { useSignedIn } from '../session/session-context.js';
import { useBoard } from './board-context.js';
import { liveCallsMessages } from './live-calls-messages.js';
import { MonitorControls } from './monitor-controls.js';

interface MoveForm {
  to: 'queue' | 'agent';
  queue?: string;
  agent?: string;
}

function MoveModal({ call, onClose }: { call: WallboardCall; onClose(): void }) {
  const t = useMessages(liveCallsMessages);
  const { api } = useSignedIn();
  const { message } = App.useApp();
  const board = useBoard();
  const [form] = Form.useForm<MoveForm>();
  const to = Form.useWatch('to', form) ?? 'queue';
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const queues = useQuery({ queryKey: queryKeys.queues, queryFn: () => api.get<QueueView[]>('/api/queues') });
  const queueOptions = (queues.data ?? [])
    .filter((q) => q.id !== call.queueId)
    .map((q) => ({
      value: q.name,
      label: q.displayName === q.name ? q.name : `${q.displayName} (${q.name})`,
    }));
  // Only a ready agent can take an offer now (the server checks phone and console too).
  const agentOptions = (board?.agents ?? [])
    .filter((a) => a.state === 'ready')
    .sort((a, b) => a.extension.localeCompare(b.extension))
    .map((a) => ({ value: a.extension, label: `${a.extension} ${a.displayName}` }));

  const submit = async (values: MoveForm) => {
    setBusy(true);
    setError(null);
    try {
      const body = values.to === 'queue' ? { queue: values.queue } : { agent: values.agent };
      await api.post(`/api/supervisor/calls/${encodeURIComponent(call.callId)}/move`, body);
      void message.success(
        values.to === 'queue'
          ? t('movedToQueue', { queue: values.queue ?? '' })
          : t('givenToAgent', { agent: values.agent ?? '' }),
      );
      onClose();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('moveTitle', { caller: call.ani ?? t('unknownCaller') })}
      okText={t('confirm')}
      cancelText={t('cancel')}
      okButtonProps={{ loading: busy }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ to: 'queue' }} onFinish={(v) => void submit(v)}>
        <Form.Item name="to" label={t('moveTo')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'queue', label: t('toQueue') },
              { value: 'agent', label: t('toAgent') },
            ]}
          />
        </Form.Item>
        {to === 'queue' ? (
          <Form.Item name="queue" label={t('queue')} rules={[{ required: true, message: t('pickQueue') }]}>
            <Select options={queueOptions} loading={queues.isPending} showSearch optionFilterProp="label" />
          </Form.Item>
        ) : (
          <Form.Item name="agent" label={t('agent')} rules={[{ required: true, message: t('pickAgent') }]}>
            <Select
              options={agentOptions}
              notFoundContent={t('noReadyAgent')}
              showSearch
              optionFilterProp="label"
            />
          </Form.Item>
        )}
      </Form>
      <Typography.Paragraph type="secondary">{t('moveHint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" message={t('moveFailed', { message: error })} />}
    </Modal>
  );
}

/** Move for a waiting call, the monitoring controls for a connected (or held) one. */
export function CallActions({ call }: { call: WallboardCall }) {
  const t = useMessages(liveCallsMessages);
  const [moving, setMoving] = useState(false);
  if (call.phase === 'connected' || call.phase === 'held') return <MonitorControls call={call} />;
  if (call.phase !== 'waiting') return null;
  return (
    <>
      <Button size="small" onClick={() => setMoving(true)}>
        {t('move')}
      </Button>
      {moving && <MoveModal call={call} onClose={() => setMoving(false)} />}
    </>
  );
}
