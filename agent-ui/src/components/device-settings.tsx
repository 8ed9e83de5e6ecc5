import { useEffect, useState } from 'react';
import type { Softphone } from '../phone/softphone.js';
import type { Ringtone } from '../phone/ringtone.js';
import { RINGER_KEY } from '../hooks/use-softphone.js';
import { useI18n } from '../i18n/i18n-context.js';
import { MicLevelMeter } from './mic-level-meter.js';

export const MIC_KEY = 'kefu.microphone';
const SPEAKER_KEY = 'kefu.speaker';

interface Props {
  phone: Softphone;
  ringtone: Ringtone;
}

/**
 * Microphone, speaker (the call's audio) and ringer (incoming calls' ring) choice, remembered;
 * labels appear once the microphone was allowed. Open, it shows the microphone's level.
 */
export function DeviceSettings({ phone, ringtone }: Props) {
  const { t } = useI18n();
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [open, setOpen] = useState(false);
  const [mic, setMic] = useState(() => localStorage.getItem(MIC_KEY) ?? '');
  const [speaker, setSpeaker] = useState(() => localStorage.getItem(SPEAKER_KEY) ?? '');
  const [ringer, setRinger] = useState(() => localStorage.getItem(RINGER_KEY) ?? '');

  useEffect(() => {
    const media = navigator.mediaDevices;
    if (!media) return;
    const list = () => void media.enumerateDevices().then(setDevices, () => setDevices([]));
    list();
    media.addEventListener('devicechange', list);
    return () => media.removeEventListener('devicechange', list);
  }, []);

  useEffect(() => {
    localStorage.setItem(MIC_KEY, mic);
    phone.setMicrophone(mic || null);
  }, [phone, mic]);
  useEffect(() => {
    localStorage.setItem(SPEAKER_KEY, speaker);
    void phone.setSpeaker(speaker || null).catch(() => {});
  }, [phone, speaker]);
  useEffect(() => {
    localStorage.setItem(RINGER_KEY, ringer);
    ringtone.setDevice(ringer || null);
  }, [ringtone, ringer]);

  const options = (kind: MediaDeviceKind) =>
    devices
      .filter((d) => d.kind === kind && d.deviceId && d.deviceId !== 'default')
      .map((d, i) => (
        <option key={d.deviceId} value={d.deviceId}>
          {d.label || `${kind} ${i + 1}`}
        </option>
      ));

  return (
    <details
      className="devices"
      onToggle={(e) => setOpen(e.currentTarget.open)}
      data-testid="device-settings"
    >
      <summary>{t('devices')}</summary>
      <label>
        {t('microphone')}
        <select value={mic} onChange={(e) => setMic(e.target.value)} data-testid="microphone-select">
          <option value="">{t('defaultDevice')}</option>
          {options('audioinput')}
        </select>
      </label>
      {open && <MicLevelMeter deviceId={mic || null} />}
      <label>
        {t('speaker')}
        <select value={speaker} onChange={(e) => setSpeaker(e.target.value)} data-testid="speaker-select">
          <option value="">{t('defaultDevice')}</option>
          {options('audiooutput')}
        </select>
      </label>
      <label>
        {t('ringer')}
        <select value={ringer} onChange={(e) => setRinger(e.target.value)} data-testid="ringer-select">
          <option value="">{t('defaultDevice')}</option>
          {options('audiooutput')}
        </select>
      </label>
      <button type="button" onClick={() => ringtone.test()} data-testid="test-ringer">
        {t('testRinger')}
      </button>
    </details>
  );
}
