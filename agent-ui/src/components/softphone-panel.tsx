import { useState } from 'react';
import type { SoftphoneHandle } from '../hooks/use-softphone.js';
import { useI18n } from '../i18n/i18n-context.js';
import { CallControls } from './call-controls.js';
import { CallTimer } from './call-timer.js';
import { ConsultControls } from './consult-controls.js';
import { DeviceSettings, MIC_KEY } from './device-settings.js';
import { DialForm } from './dial-form.js';
import { DialPad } from './dial-pad.js';
import { MicLevelMeter } from './mic-level-meter.js';
import { RegistrationStatus } from './registration-status.js';
import { TransferForm } from './transfer-form.js';

interface Props {
  handle: SoftphoneHandle;
  keypadOpen: boolean;
  onToggleKeypad(): void;
  /** Asks the server to mix the customer, this agent and the consulted party. */
  onConference(): Promise<void>;
}

/** The browser phone: registration, the current call and its controls, dialling, devices. */
export function SoftphonePanel({ handle, keypadOpen, onToggleKeypad, onConference }: Props) {
  const { t } = useI18n();
  const { phone, state, audioRef, autoAnswer, setAutoAnswer, ringtone } = handle;
  const [lastTone, setLastTone] = useState('');
  const call = state.call;
  const consult = state.consult;
  const live = call && call.phase !== 'ended';

  const status = !call
    ? null
    : call.phase === 'ringing'
      ? t('incomingCall')
      : call.phase === 'dialing'
        ? t('outgoingCall')
        : call.phase === 'ended'
          ? t('callEnded')
          : call.held
            ? t('callOnHold')
            : t('callConnected');

  return (
    <section className="panel softphone" aria-label={t('phone')} data-testid="softphone">
      <h2>{t('phone')}</h2>
      <RegistrationStatus state={state} />
      {/* Remote party's audio; autoplay is allowed after the agent's click on Answer. */}
      <audio ref={audioRef} autoPlay data-testid="remote-audio" />
      {call && (
        <div
          className={`call call-${call.phase}`}
          data-testid="phone-call"
          data-phase={call.phase}
          data-webrtc-offer={call.webRtcOffer === null ? '' : String(call.webRtcOffer)}
          data-media-connected={String(call.mediaConnected)}
        >
          <p>
            <strong>{status}</strong> · <span data-testid="phone-remote">{call.remote}</span>{' '}
            {call.connectedAt && call.phase === 'connected' && <CallTimer since={call.connectedAt} />}
          </p>
          {call.phase === 'ringing' && call.webRtcOffer === false && (
            <p role="alert" className="warning" data-testid="media-unsupported">
              {t('mediaUnsupported')}
            </p>
          )}
          {phone && <CallControls phone={phone} call={call} />}
          {call.phase === 'connected' && (
            <MicLevelMeter deviceId={localStorage.getItem(MIC_KEY) || null} muted={call.muted} />
          )}
        </div>
      )}
      {phone && consult && (
        <ConsultControls
          consult={consult}
          onComplete={() => void phone.completeTransfer()}
          onCancel={() => void phone.cancelConsult()}
          onConference={() =>
            void onConference().then(
              () => phone.joinConference(),
              (err: Error) => phone.reportError(err.message),
            )
          }
        />
      )}
      {state.error && (
        <p role="alert" className="error" data-testid="phone-error">
          {t('error', { message: state.error })}{' '}
          <button type="button" onClick={() => phone?.clearError()}>
            {t('close')}
          </button>
        </p>
      )}
      {phone && live && call.phase === 'connected' && (
        <>
          {!consult && (
            <TransferForm
              onTransfer={(target) => void phone.transfer(target)}
              onConsult={(target) => void phone.consult(target)}
            />
          )}
          <button
            type="button"
            aria-expanded={keypadOpen}
            onClick={onToggleKeypad}
            data-testid="keypad-toggle"
            aria-keyshortcuts="k"
          >
            {t('keypad')}
          </button>
          {keypadOpen && (
            <DialPad
              onTone={(tone) => {
                setLastTone((s) => (s + tone).slice(-16));
                void phone.sendDtmf(tone);
              }}
            />
          )}
          {lastTone && <output aria-live="polite">{lastTone}</output>}
        </>
      )}
      {phone && !live && (
        <DialForm
          onDial={(target) => void phone.dial(target)}
          disabled={state.registration !== 'registered'}
        />
      )}
      <label className="checkbox">
        <input
          type="checkbox"
          checked={autoAnswer}
          onChange={(e) => setAutoAnswer(e.target.checked)}
          data-testid="auto-answer"
        />
        {t('autoAnswer')}
      </label>
      {phone && <DeviceSettings phone={phone} ringtone={ringtone} />}
    </section>
  );
}
