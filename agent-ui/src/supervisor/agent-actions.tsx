// "Force not ready" and "Log out agent" for one agent of the grid: each asks for the reason the
// agent will see (a not-ready reason code, or words for a log-out) and calls the force route.
// The grid updates from the board's push, not from this answer.
import { Alert, App, Button, Form, Input, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import type { AgentView, WallboardAgent } from '../api/types.js';
import { useI18n, useMessages } from '../i18n/i18n-context.js';
import { useSignedIn } from '../session/session-context.js';
import { useCodes } from '../admin/queues/queues-api.js';
import { agentActionsMessages } from './agent-actions-messages.js';

type Forced = 'not_ready' | 'logged_out';

/** Offered or on a call: the server refuses (the caller is never cut off). */
const BUSY = new Set<WallboardAgent['state']>(['reserved', 'ringing', 'on_call']);

function ReasonModal({ agent, state, onClose }: { agent: WallboardAgent; state: Forced; onClose(): void }) {
  const t = useMessages(agentActionsMessages);
  const { locale } = useI18n();
  const { api } = useSignedIn();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // System codes (missed call, login…) are the ACD's own, not a supervisor's choice.
  const codes = useCodes('not-ready-reasons');
  const options = (codes.data ?? [])
    .filter((c) => !c.system)
    .map((c) => ({ value: c.code, label: c.labels[locale] || c.code }));
  const vars = { name: agent.displayName, extension: agent.extension };

  const submit = async ({ reason }: { reason: string }) => {
    setBusy(true);
    setError(null);
    try {
      await api.post<AgentView>(`/api/supervisor/agents/${encodeURIComponent(agent.extension)}/force`, {
        state,
        reason: reason.trim(),
      });
      void message.success(t(state === 'not_ready' ? 'forced' : 'loggedOut', vars));
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
      title={t(state === 'not_ready' ? 'forceTitle' : 'logOutTitle', vars)}
      okText={t('confirm')}
      cancelText={t('cancel')}
      okButtonProps={{ loading: busy, danger: state === 'logged_out' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        {state === 'not_ready' ? (
          <Form.Item
            name="reason"
            label={t('reasonCode')}
            rules={[{ required: true, message: t('reasonRequired') }]}
          >
            <Select options={options} loading={codes.isPending} showSearch optionFilterProp="label" />
          </Form.Item>
        ) : (
          <Form.Item
            name="reason"
            label={t('reasonText')}
            rules={[{ required: true, whitespace: true, max: 200, message: t('reasonRequired') }]}
          >
            <Input maxLength={200} autoFocus />
          </Form.Item>
        )}
      </Form>
      <Alert type="info" message={t('reasonHint')} style={{ marginBottom: error ? 12 : 0 }} />
      {error && <Alert type="error" showIcon role="alert" message={t('failed', { message: error })} />}
    </Modal>
  );
}

/** The supervisor's state actions on one agent (rendered in the Agents page's drawer). */
export function AgentActions({ agent }: { agent: WallboardAgent }) {
  const t = useMessages(agentActionsMessages);
  const [open, setOpen] = useState<Forced | null>(null);
  const loggedOut = agent.state === 'logged_out';
  const hint = loggedOut ? t('alreadyLoggedOut') : BUSY.has(agent.state) ? t('onCallHint') : undefined;
  return (
    <Space role="group" aria-label={t('actions', { extension: agent.extension })} wrap>
      <Button disabled={loggedOut} title={hint} onClick={() => setOpen('not_ready')}>
        {t('forceNotReady')}
      </Button>
      <Button danger disabled={loggedOut} title={hint} onClick={() => setOpen('logged_out')}>
        {t('logOut')}
      </Button>
      {open && <ReasonModal agent={agent} state={open} onClose={() => setOpen(null)} />}
    </Space>
  );
}
