import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { Softphone } from '../phone/softphone.js';
import { Ringtone } from '../phone/ringtone.js';
import { initialPhoneSnapshot, type CallSnapshot, type PhoneSnapshot } from '../phone/phone-snapshot.js';
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

/**
 * Decides incoming calls by itself, without a ring (the supervisor's phone answers the server's
 * monitor calls and refuses anything else). Without one, the console's way: ring, and answer
 * when the agent does (or by their auto-answer setting).
 */
export type IncomingCallPolicy = (call: CallSnapshot) => 'answer' | 'reject';

/** A softphone for the page's lifetime, registered over ws(s)://<host>/sip (the console's by default). */
export function useSoftphone(
  extension: string | null,
  credentials: SipCredentials | null,
  displayName: string,
  policy?: IncomingCallPolicy,
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
  const decides = policy !== undefined;
  const decide = useEffectEvent((call: CallSnapshot) => policy?.(call) ?? null);

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
          if (call?.phase === 'ringing' && call.direction === 'inbound' && !call.resumed && !decides)
            ringtone.start();
          else ringtone.stop();
        },
        onIncoming: (call) => {
          const decision = decide(call);
          if (decision === 'reject') void softphone.reject();
          // A resumed call is the agent's own, already answered before the reload.
          else if (decision === 'answer' || answersByItself() || call.resumed) void softphone.answer();
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
  }, [extension, haveCredentials, displayName, ringtone, decides]);

  useEffect(() => {
    if (phone && credentials) phone.setPassword(credentials.password);
  }, [phone, credentials]);

  const setAutoAnswer = (on: boolean) => {
    localStorage.setItem(AUTO_ANSWER_KEY, on ? '1' : '0');
    setAutoAnswerState(on);
  };

  return { phone, state, audioRef, autoAnswer, setAutoAnswer, ringtone };
}
