import { useEffect, useState } from 'react';
import type { Softphone } from '../phone/softphone.js';
import { useI18n } from '../i18n/i18n-context.js';

const MIC_KEY = 'kefu.microphone';
const SPEAKER_KEY = 'kefu.speaker';

/** Microphone and speaker choice (remembered); labels appear once the microphone was allowed. */
export function DeviceSettings({ phone }: { phone: Softphone }) {
  const { t } = useI18n();
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [mic, setMic] = useState(() => localStorage.getItem(MIC_KEY) ?? '');
  const [speaker, setSpeaker] = useState(() => localStorage.getItem(SPEAKER_KEY) ?? '');

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

  const options = (kind: MediaDeviceKind) =>
    devices
      .filter((d) => d.kind === kind && d.deviceId && d.deviceId !== 'default')
      .map((d, i) => (
        <option key={d.deviceId} value={d.deviceId}>
          {d.label || `${kind} ${i + 1}`}
        </option>
      ));

  return (
    <details className="devices">
      <summary>{t('devices')}</summary>
      <label>
        {t('microphone')}
        <select value={mic} onChange={(e) => setMic(e.target.value)} data-testid="microphone-select">
          <option value="">{t('defaultDevice')}</option>
          {options('audioinput')}
        </select>
      </label>
      <label>
        {t('speaker')}
        <select value={speaker} onChange={(e) => setSpeaker(e.target.value)} data-testid="speaker-select">
          <option value="">{t('defaultDevice')}</option>
          {options('audiooutput')}
        </select>
      </label>
    </details>
  );
}
