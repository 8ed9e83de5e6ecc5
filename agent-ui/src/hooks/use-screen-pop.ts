import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import type { ApiClient } from '../api/api-client.js';
import { queryKeys } from '../api/query-keys.js';
import type { CallEventPayload, Customer360, CustomerSummary, LookupResponse } from '../api/types.js';
import { useRealtimeEvent } from '../realtime/realtime-context.js';

export type PopPhase = 'ringing' | 'connected' | 'ended';

export interface ScreenPop {
  callId: string;
  ani: string | null;
  dnis: string | null;
  phase: PopPhase;
  /** The agent took the call (wrap-up follows); false for an offer that rang out. */
  answered: boolean;
  /** Painted first, from the one-query phone lookup, before the 360 arrives. */
  name: string | null;
  /** Lookup result: several → the agent picks; none → quick-create. */
  matches: CustomerSummary[] | null;
  customerId: string | null;
  customer: Customer360 | null;
  error: string | null;
}

/** Where a pop starts: the server's call event, or a ring the phone saw first (no line yet). */
type CallStart = Pick<CallEventPayload, 'callId' | 'ani' | 'customerId'> & { dnis: string | null };

export interface ScreenPopHandle {
  pop: ScreenPop | null;
  /** A ring seen on the phone before (or without) `call.offered`. */
  popFromInvite(callId: string, ani: string): void;
  choose(customerId: string): void;
  /** After wrap-up: the panel closes. */
  clear(): void;
}

/**
 * Screen pop at ring: `call.offered` arrives while the phone rings; the caller's name is painted
 * from the cheapest source first, then the full customer 360.
 */
export function useScreenPop(api: ApiClient): ScreenPopHandle {
  const queryClient = useQueryClient();
  const [pop, setPop] = useState<ScreenPop | null>(null);
  const current = useRef<string | null>(null);
  const aniOf = useRef<{ callId: string; ani: string | null } | null>(null);

  const patch = useCallback((callId: string, p: Partial<ScreenPop>) => {
    setPop((prev) => (prev && prev.callId === callId ? { ...prev, ...p } : prev));
  }, []);

  const load360 = useCallback(
    (callId: string, customerId: string) => {
      patch(callId, { customerId });
      queryClient
        .fetchQuery({
          queryKey: queryKeys.customer(customerId),
          queryFn: () => api.get<Customer360>(`/api/customers/${customerId}`),
        })
        .then(
          (customer) => patch(callId, { customer, name: customer.name }),
          (err: Error) => patch(callId, { error: err.message }),
        );
    },
    [api, patch, queryClient],
  );

  const offered = useCallback(
    (e: CallStart) => {
      if (current.current === e.callId) return;
      current.current = e.callId;
      aniOf.current = { callId: e.callId, ani: e.ani };
      // The console learns of a call from this event or the INVITE, whichever comes first.
      performance.mark('kefu.call-offered', { detail: e.callId });
      setPop({
        callId: e.callId,
        ani: e.ani,
        dnis: e.dnis,
        phase: 'ringing',
        answered: false,
        name: null,
        matches: null,
        customerId: e.customerId,
        customer: null,
        error: null,
      });
      // The name first: the one-query phone lookup goes alone, the heavy 360 read only after it,
      // so the two do not compete on a busy server while the phone rings.
      if (!e.ani) {
        if (e.customerId) load360(e.callId, e.customerId);
        return;
      }
      const ani = e.ani;
      queryClient
        .fetchQuery({
          queryKey: queryKeys.lookup(ani),
          queryFn: () => api.get<LookupResponse>(`/api/customers/lookup?phone=${encodeURIComponent(ani)}`),
        })
        .then(
          (res) => {
            performance.mark('kefu.lookup-done', { detail: e.callId });
            const matches = res.matches.map((m) => m.customer);
            const best = (e.customerId && matches.find((c) => c.id === e.customerId)) || null;
            setPop((prev) => {
              if (!prev || prev.callId !== e.callId) return prev;
              const name =
                prev.customer?.name ?? best?.name ?? (matches.length === 1 ? matches[0]!.name : null);
              return { ...prev, matches, name };
            });
            const id = e.customerId ?? (matches.length === 1 ? matches[0]!.id : null);
            if (id) load360(e.callId, id);
          },
          (err: Error) => {
            patch(e.callId, { error: err.message, matches: [] });
            if (e.customerId) load360(e.callId, e.customerId);
          },
        );
    },
    [api, load360, patch, queryClient],
  );

  useRealtimeEvent('call.offered', offered);
  useRealtimeEvent('call.answered', (e) => {
    // A consult that became the customer's call (attended transfer): it rang with the consulting
    // agent's number; pop the customer now.
    // Or the console was reloaded mid-call: the server greets the new socket with this event.
    const shown = aniOf.current;
    if (current.current !== e.callId || (shown?.callId === e.callId && e.ani && shown.ani !== e.ani)) {
      current.current = null;
      offered(e);
    }
    patch(e.callId, { phase: 'connected', answered: true });
  });
  useRealtimeEvent('call.ended', (e) => patch(e.callId, { phase: 'ended' }));

  const popFromInvite = useCallback(
    (callId: string, ani: string) => offered({ callId, ani, dnis: null, customerId: null }),
    [offered],
  );
  const choose = useCallback(
    (customerId: string) => {
      if (current.current) load360(current.current, customerId);
    },
    [load360],
  );
  const clear = useCallback(() => {
    current.current = null;
    setPop(null);
  }, []);

  return { pop, popFromInvite, choose, clear };
}
