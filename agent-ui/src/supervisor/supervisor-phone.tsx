// The supervisor's own sip.js phone in the workspace header: Listen / Whisper / Barge ring it.
// It answers only the server's monitor calls (From sip:monitor@…, with X-Kefu-Call-Id), plays
// their audio and sends the microphone (the agent hears it when whispering, both when barging).
import { Badge, Typography } from 'antd';
import { useEffect, useSyncExternalStore } from 'react';
import { useSipCredentials } from '../hooks/use-sip-credentials.js';
import { useSoftphone, type IncomingCallPolicy } from '../hooks/use-softphone.js';
import { useMessages } from '../i18n/i18n-context.js';
import type { CallSnapshot } from '../phone/phone-snapshot.js';
import { useSignedIn } from '../session/session-context.js';
import { monitorMessages } from './monitor-messages.js';

export interface SupervisorPhoneStatus {
  /** The supervisor's extension; null: they have none and cannot monitor. */
  extension: string | null;
  registered: boolean;
  /** The call being monitored on this phone (its X-Kefu-Call-Id), while connected. */
  monitoring: string | null;
}

// The header's phone and every page's controls share this (the phone is not a page's child).
let status: SupervisorPhoneStatus = { extension: null, registered: false, monitoring: null };
const listeners = new Set<() => void>();
function publish(next: SupervisorPhoneStatus): void {
  if (
    next.extension === status.extension &&
    next.registered === status.registered &&
    next.monitoring === status.monitoring
  )
    return;
  status = next;
  for (const l of listeners) l();
}
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Whether the supervisor's phone can be rung into a call now. */
export function useSupervisorPhone(): SupervisorPhoneStatus {
  return useSyncExternalStore(subscribe, () => status);
}

/** Only the server's monitor INVITEs are answered: anything else is refused. */
export const isMonitorCall = (call: Pick<CallSnapshot, 'remote' | 'kefuCallId' | 'direction'>): boolean =>
  call.direction === 'inbound' && call.remote === 'monitor' && !!call.kefuCallId;

const monitorOnly: IncomingCallPolicy = (call) => (isMonitorCall(call) ? 'answer' : 'reject');

export function SupervisorPhone() {
  const t = useMessages(monitorMessages);
  const { user, api } = useSignedIn();
  const extension = user.extension;
  const credentials = useSipCredentials(api, extension);
  const { state, audioRef } = useSoftphone(extension, credentials, user.displayName, monitorOnly);
  const registered = state.registration === 'registered';
  const call = state.call;
  const monitoring = call && call.phase === 'connected' && isMonitorCall(call) ? call.kefuCallId : null;

  useEffect(() => {
    publish({ extension, registered, monitoring });
  }, [extension, registered, monitoring]);
  useEffect(() => () => publish({ extension: null, registered: false, monitoring: null }), []);

  let text: string;
  let badge: 'success' | 'processing' | 'error' | 'default';
  if (!extension) {
    text = t('noExtension');
    badge = 'default';
  } else if (monitoring) {
    text = t('phoneMonitoring', { extension });
    badge = 'processing';
  } else if (registered) {
    text = t('phoneRegistered', { extension });
    badge = 'success';
  } else if (state.registration === 'registering' || state.transport === 'connecting') {
    text = t('phoneRegistering', { extension });
    badge = 'processing';
  } else {
    text = t('phoneNotRegistered', { extension });
    badge = 'error';
  }
  return (
    <span role="group" aria-label={t('phoneLabel')} data-testid="supervisor-phone">
      <Badge status={badge} />
      <Typography.Text role="status" aria-live="polite" style={{ marginInlineStart: 6 }}>
        {text}
      </Typography.Text>
      <audio ref={audioRef} autoPlay hidden data-testid="remote-audio" />
    </span>
  );
}
