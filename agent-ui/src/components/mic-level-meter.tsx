import { useEffect, useState } from 'react';
import { levelOf, smoothLevel } from '../phone/audio-level.js';
import { useI18n } from '../i18n/i18n-context.js';

interface Props {
  /** The microphone chosen in the device settings (null: the system default). */
  deviceId: string | null;
  /** The call is muted: the meter still moves (you are speaking into mute), and says so. */
  muted?: boolean;
}

const SAMPLE_MS = 100;

/**
 * The microphone's input level, read from its own capture of the same device (browsers share
 * one device between captures) through an AnalyserNode; stops capturing when it goes away.
 */
export function MicLevelMeter({ deviceId, muted = false }: Props) {
  const { t } = useI18n();
  const [level, setLevel] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const media = navigator.mediaDevices;
    if (!media?.getUserMedia) return;
    let stopped = false;
    let stream: MediaStream | null = null;
    let ctx: AudioContext | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    media.getUserMedia({ audio: deviceId ? { deviceId: { exact: deviceId } } : true, video: false }).then(
      (s) => {
        stream = s;
        if (stopped) return s.getTracks().forEach((tr) => tr.stop());
        ctx = new AudioContext();
        const analyser = ctx.createAnalyser();
        analyser.fftSize = 1024;
        ctx.createMediaStreamSource(s).connect(analyser);
        const buf = new Float32Array(analyser.fftSize);
        setError(null);
        timer = setInterval(() => {
          analyser.getFloatTimeDomainData(buf);
          const next = levelOf(buf);
          setLevel((prev) => smoothLevel(prev, next));
        }, SAMPLE_MS);
      },
      (err: Error) => !stopped && setError(err.message),
    );
    return () => {
      stopped = true;
      clearInterval(timer);
      stream?.getTracks().forEach((tr) => tr.stop());
      void ctx?.close().catch(() => {});
    };
  }, [deviceId]);

  if (error)
    return (
      <p className="warning" data-testid="mic-level-error">
        {t('micDenied', { message: error })}
      </p>
    );
  const percent = Math.round(level * 100);
  return (
    <div className="mic-level">
      <span aria-hidden="true">{t('micLevel')}</span>
      <div
        role="meter"
        aria-label={t('micLevel')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={muted ? t('micLevelMuted', { percent }) : `${percent}%`}
        className={`meter${muted ? ' meter-muted' : ''}`}
        data-testid="mic-level"
      >
        <div className="meter-bar" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
