import { useEffect, useState } from 'react';
import { useAgentState } from '../hooks/use-agent-state.js';
import { useConsoleConfig } from '../hooks/use-console-config.js';
import { useScreenPop } from '../hooks/use-screen-pop.js';
import { useShortcuts } from '../hooks/use-shortcuts.js';
import { useSipCredentials } from '../hooks/use-sip-credentials.js';
import { useSoftphone } from '../hooks/use-softphone.js';
import { StuckCustomerNotice } from '../console/stuck-customer-notice.js';
import { SupervisorNotice } from '../console/supervisor-notice.js';
import { useI18n } from '../i18n/i18n-context.js';
import { useRealtimeCache } from '../realtime/realtime-cache.js';
import { useRealtimeStatus } from '../realtime/realtime-context.js';
import { IncomingCallAlert } from '../phone/incoming-call-alert.js';
import { useSignedIn } from '../session/session-context.js';
import { AgentStateBar } from './agent-state-bar.js';
import { CallWorkspace } from './call-workspace.js';
import { ConnectionBanner } from './connection-banner.js';
import { ShortcutsHelp } from './shortcuts-help.js';
import { SoftphonePanel } from './softphone-panel.js';
import { TopBar } from './top-bar.js';

/** The signed-in console: state bar, softphone, and the call workspace. */
export function ConsoleView() {
  const { t } = useI18n();
  const { user, api, logOut } = useSignedIn();
  const extension = user.extension;
  useRealtimeCache(extension);
  const agentState = useAgentState(api, extension);
  const { config, fallback } = useConsoleConfig(api);
  const sipCredentials = useSipCredentials(api, extension);
  const softphone = useSoftphone(extension, sipCredentials, user.displayName);
  const screenPop = useScreenPop(api);
  const realtime = useRealtimeStatus();
  const [help, setHelp] = useState(false);
  const [keypad, setKeypad] = useState(false);
  const { phone, state } = softphone;
  const call = state.call;

  // A ring the socket did not announce (yet): pop from the INVITE's X-Kefu-Call-Id.
  const { popFromInvite } = screenPop;
  useEffect(() => {
    if (call?.phase === 'ringing' && call.kefuCallId) popFromInvite(call.kefuCallId, call.remote);
  }, [call?.phase, call?.kefuCallId, call?.remote, popFromInvite]);

  // A ring the agent may not see (tab in the background): desktop notification and title.
  const [alert] = useState(() => new IncomingCallAlert());
  const ringing = call?.phase === 'ringing' && call.direction === 'inbound' && !call.resumed;
  const popName = screenPop.pop && screenPop.pop.callId === call?.kefuCallId ? screenPop.pop.name : null;
  const caller = popName ?? call?.remoteName ?? call?.remote ?? '';
  useEffect(() => {
    if (ringing) alert.show(t('incomingCall'), caller, call?.kefuCallId ?? caller);
    else alert.clear();
  }, [alert, ringing, caller, call?.kefuCallId, t]);
  useEffect(() => () => alert.clear(), [alert]);

  // The server refused the token on the socket: back to the login form.
  useEffect(() => {
    if (realtime === 'refused') logOut();
  }, [realtime, logOut]);

  const signOut = async () => {
    if (extension) await agentState.change('logged_out').catch(() => {});
    logOut();
  };

  useShortcuts({
    '?': () => setHelp((h) => !h),
    Escape: () => setHelp(false),
    a: () => void phone?.answer(),
    x: () => void (call?.phase === 'ringing' ? phone?.reject() : phone?.hangUp()),
    m: () => phone?.toggleMute(),
    h: () => void phone?.toggleHold(),
    k: () => setKeypad((k) => !k),
    t: () => document.getElementById('transfer-input')?.focus(),
    // Consult the number typed for transfer (or type it first); during a consult, complete it.
    c: () => {
      if (state.consult) return void phone?.completeTransfer();
      const input = document.getElementById('transfer-input') as HTMLInputElement | null;
      if (input?.value) void phone?.consult(input.value);
      else input?.focus();
    },
    d: () => document.getElementById('dial-input')?.focus(),
    r: () => void agentState.change('ready'),
    n: () => void agentState.change('not_ready', config.notReadyReasons.find((r) => !r.system)?.code),
  });

  return (
    <div className="console">
      <TopBar onLogOut={() => void signOut()} onHelp={() => setHelp(true)} />
      <ConnectionBanner />
      <SupervisorNotice />
      <StuckCustomerNotice />
      {fallback && (
        <p className="banner banner-info" data-testid="config-fallback">
          {t('configFallback')}
        </p>
      )}
      <AgentStateBar handle={agentState} config={config} />
      <div className="main">
        <SoftphonePanel
          handle={softphone}
          keypadOpen={keypad}
          onToggleKeypad={() => setKeypad((k) => !k)}
          onConference={async () => {
            if (!call?.kefuCallId) throw new Error('no call id from the server for this call');
            await api.post(`/api/calls/${encodeURIComponent(call.kefuCallId)}/conference`);
          }}
        />
        <CallWorkspace
          api={api}
          screenPop={screenPop}
          config={config}
          extension={extension ?? ''}
          agentName={user.displayName}
          onWrapUpDone={() => agentState.change('ready')}
          ready={agentState.agent?.state === 'ready'}
          dialer={{
            canDial: !!phone && state.registration === 'registered' && (!call || call.phase === 'ended'),
            dial: (number) => void phone?.dial(number),
          }}
        />
      </div>
      <p className="muted footer">{t('shortcutsHint')}</p>
      {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
