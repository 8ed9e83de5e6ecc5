// Listen / Whisper / Barge / Stop monitoring on one live call: rings the supervisor's own phone
// (supervisor-phone.tsx) into it, or switches the mode while it is in.
import { App, Button, Space, Typography } from 'antd';
import { useState } from 'react';
import type { MonitorMode, WallboardCall } from '../api/types.js';
import { useMessages } from '../i18n/i18n-context.js';
import { useSignedIn } from '../session/session-context.js';
import { monitorMessages } from './monitor-messages.js';
import { useSupervisorPhone } from './supervisor-phone.js';

const MODES: MonitorMode[] = ['listen', 'whisper', 'barge'];
const MODE_TEXT = { listen: 'modeListen', whisper: 'modeWhisper', barge: 'modeBarge' } as const;

/** What the monitor routes answer (routes/api/calls.ts LiveCall): the mode now. */
interface MonitoredCall {
  monitor: MonitorMode | null;
}

export function MonitorControls({ call }: { call: WallboardCall }) {
  const t = useMessages(monitorMessages);
  const { api } = useSignedIn();
  const { message } = App.useApp();
  const phone = useSupervisorPhone();
  // The mode this page set; the board's push (call.monitor) wins once it says otherwise.
  const [local, setLocal] = useState<{ mode: MonitorMode | null; callId: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const session = call.monitor;
  const mine = local?.callId === call.callId ? local.mode : null;
  const mode: MonitorMode | null = session?.mode ?? mine;
  const connected = call.phase === 'connected';

  const reason = !connected ? t('reasonNotConnected') : !phone.registered ? t('reasonNoPhone') : null;
  const path = `/api/calls/${encodeURIComponent(call.callId)}/monitor`;

  const run = async (action: () => Promise<MonitorMode | null>) => {
    setBusy(true);
    try {
      setLocal({ callId: call.callId, mode: await action() });
    } catch (err) {
      void message.error(t('failed', { message: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  const choose = (next: MonitorMode) =>
    run(async () => {
      const res = mode
        ? await api.patch<MonitoredCall>(path, { mode: next })
        : await api.post<MonitoredCall>(path, { mode: next });
      return res.monitor ?? next;
    });
  const stop = () =>
    run(async () => {
      await api.delete(path);
      return null;
    });

  const ringing = session ? !session.connected : false;
  const status = !mode
    ? t('notMonitored')
    : ringing
      ? t('modeRinging')
      : session && session.extension !== phone.extension
        ? t('monitoredBy', { supervisor: session.supervisor, mode: t(MODE_TEXT[mode]) })
        : t(MODE_TEXT[mode]);

  return (
    <Space
      role="group"
      aria-label={t('controls', { callId: call.callId })}
      wrap
      size="small"
      data-testid="monitor-controls"
    >
      {MODES.map((m) => (
        <Button
          key={m}
          size="small"
          type={mode === m ? 'primary' : 'default'}
          aria-pressed={mode === m}
          disabled={reason !== null || busy}
          title={reason ?? undefined}
          onClick={() => void choose(m)}
        >
          {t(m)}
        </Button>
      ))}
      <Button size="small" danger disabled={!mode || busy} onClick={() => void stop()}>
        {t('stop')}
      </Button>
      <Typography.Text type="secondary" role="status" data-testid="monitor-mode">
        {reason && !mode ? reason : status}
      </Typography.Text>
    </Space>
  );
}
