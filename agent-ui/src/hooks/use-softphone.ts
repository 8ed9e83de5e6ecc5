import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { Softphone } from '../phone/softphone.js';
import { Ringtone } from '../phone/ringtone.js';
import { initialPhoneSnapshot, type PhoneSnapshot } from '../phone/phone-snapshot.js';
import type { SipCredentials } from '../api/types.js';

export interface SoftphoneHandle {
  phone: Softphone | null;
  state: PhoneSnapshot;
  audioRef: React.RefObject<HTMLAudioElement | null>;
  autoAnswer: boolean;
  setAutoAnswer(on: boolean): void;
  /** Rings incoming calls on the ringer output (components/device-settings.tsx picks it). */
  ringtone: Ringtone;
}

const AUTO_ANSWER_KEY = 'kefu.autoAnswer';
/** The ringer output's deviceId, '' for the system default (shared with device-settings). */
export const RINGER_KEY = 'kefu.ringer';

/** The agent's softphone for the console's lifetime, registered over ws(s)://<host>/sip. */
export function useSoftphone(
  extension: string | null,
  credentials: SipCredentials | null,
  displayName: string,
): SoftphoneHandle {
  const audioRef = useRef<HTMLAudioElement | null>(null);
  const [phone, setPhone] = useState<Softphone | null>(null);
  const [state, setState] = useState<PhoneSnapshot>(initialPhoneSnapshot);
  const [ringtone] = useState(() => {
    const r = new Ringtone();
    r.setDevice(localStorage.getItem(RINGER_KEY));
    return r;
  });
  const [autoAnswer, setAutoAnswerState] = useState(() => localStorage.getItem(AUTO_ANSWER_KEY) === '1');
  const haveCredentials = credentials !== null;
  // Read when the phone starts and when a call comes in: neither restarts the phone.
  const startingCredentials = useEffectEvent(() => credentials);
  const answersByItself = useEffectEvent(() => autoAnswer);

  useEffect(() => {
    const audio = audioRef.current;
    const initial = startingCredentials();
    if (!extension || !audio || !initial) return;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const softphone = new Softphone(
      {
        server: `${scheme}://${location.host}/sip`,
        extension,
        password: initial.password,
        // The registrar's realm (SIP_REALM) is the agents' SIP domain.
        domain: initial.realm,
        displayName,
        audio,
      },
      {
        onChange: (snapshot) => {
          setState(snapshot);
          const call = snapshot.call;
          if (call?.phase === 'ringing' && call.direction === 'inbound' && !call.resumed) ringtone.start();
          else ringtone.stop();
        },
        onIncoming: (call) => {
          // A resumed call is the agent's own, already answered before the reload.
          if (answersByItself() || call.resumed) void softphone.answer();
        },
      },
    );
    setPhone(softphone);
    void softphone.start();
    return () => {
      ringtone.stop();
      void softphone.stop();
      setPhone(null);
    };
    // A refreshed password is handed to the running phone (below), not a reason for a new one.
  }, [extension, haveCredentials, displayName, ringtone]);

  useEffect(() => {
    if (phone && credentials) phone.setPassword(credentials.password);
  }, [phone, credentials]);

  const setAutoAnswer = (on: boolean) => {
    localStorage.setItem(AUTO_ANSWER_KEY, on ? '1' : '0');
    setAutoAnswerState(on);
  };

  return { phone, state, audioRef, autoAnswer, setAutoAnswer, ringtone };
}
