import type { ApiClient } from '../api/api-client.js';
import type { ConsoleConfig } from '../api/types.js';
import type { ScreenPopHandle } from '../hooks/use-screen-pop.js';
import { useI18n } from '../i18n/i18n-context.js';
import { CallbacksPanel } from './callbacks-panel.js';
import { CallerHeader } from './caller-header.js';
import { CustomerDetails, type Dialer } from './customer-details.js';
import { CustomerPicker } from './customer-picker.js';
import { IvrPathPanel } from './ivr-path-panel.js';
import { OffersPanel } from './offers-panel.js';
import { QuickCreateForm } from './quick-create-form.js';
import { ReorderPanel } from './reorder-panel.js';
import { ScriptPanel } from './script-panel.js';
import { TicketPanel } from './ticket-panel.js';
import { WrapUpForm } from './wrap-up-form.js';

interface Props {
  api: ApiClient;
  screenPop: ScreenPopHandle;
  config: ConsoleConfig;
  extension: string;
  agentName: string;
  onWrapUpDone(): Promise<void>;
  /** The agent is Ready (the empty panel says "waiting" instead of "go Ready"). */
  ready: boolean;
  /** Click-to-dial for the numbers shown. */
  dialer?: Dialer;
}

/** Everything about the current call: who, their 360, script, offers, tickets, wrap-up. */
export function CallWorkspace({
  api,
  screenPop,
  config,
  extension,
  agentName,
  onWrapUpDone,
  ready,
  dialer,
}: Props) {
  const { t, locale } = useI18n();
  const { pop, choose, clear } = screenPop;
  const dispositionLabel = (code: string) =>
    config.dispositions.find((d) => d.code === code)?.label[locale] ?? code;
  if (!pop)
    return (
      <section className="workspace empty" data-testid="no-call">
        <p className="muted">{t(ready ? 'waitingForCalls' : 'noCall')}</p>
        <CallbacksPanel api={api} dialer={dialer} />
      </section>
    );

  const c = pop.customer;
  const unknown = pop.matches !== null && pop.matches.length === 0 && !pop.customerId;
  return (
    <section
      className="workspace"
      aria-label={t('currentCall')}
      data-testid="screen-pop"
      data-call-id={pop.callId}
    >
      <CallerHeader pop={pop} />
      <IvrPathPanel key={pop.callId} api={api} callId={pop.callId} />
      {pop.error && (
        <p role="alert" className="error">
          {t('error', { message: pop.error })}
        </p>
      )}
      {pop.matches && pop.matches.length > 1 && (
        <CustomerPicker matches={pop.matches} current={pop.customerId} onPick={choose} />
      )}
      {unknown && <QuickCreateForm api={api} phone={pop.ani ?? ''} onCreated={choose} />}
      {pop.customerId && !c && !pop.error && (
        <p className="muted" role="status">
          {t('loading')}
        </p>
      )}
      {pop.phase === 'ended' && pop.answered && (
        <WrapUpForm
          api={api}
          callId={pop.callId}
          customerId={pop.customerId}
          extension={extension}
          config={config}
          onDone={async () => {
            await onWrapUpDone();
            clear();
          }}
        />
      )}
      {pop.phase === 'ended' && !pop.answered && (
        <p>
          {t('callEnded')}{' '}
          <button type="button" onClick={clear} data-testid="close-call">
            {t('close')}
          </button>
        </p>
      )}
      <div className="columns">
        {c && <CustomerDetails customer={c} dispositionLabel={dispositionLabel} dialer={dialer} />}
        <div className="side">
          <ScriptPanel
            api={api}
            callId={pop.callId}
            customerId={c?.id ?? null}
            agentName={agentName}
            personality={c?.personality ?? null}
          />
          {c && <OffersPanel api={api} customerId={c.id} callId={pop.callId} />}
          {c?.segment === 'distributor' && <ReorderPanel api={api} customerId={c.id} callId={pop.callId} />}
          {c && (
            <TicketPanel
              key={c.id}
              api={api}
              customerId={c.id}
              callId={pop.callId}
              openTickets={c.openTickets}
            />
          )}
        </div>
      </div>
    </section>
  );
}
