/** The console's cached server state, one entry per key. */
export const queryKeys = {
  agent: (extension: string | null) => ['agent', extension] as const,
  consoleConfig: ['console-config'] as const,
  sipCredentials: ['sip-credentials'] as const,
  queues: ['queues'] as const,
  callbacks: ['callbacks'] as const,
  customer: (id: string) => ['customer', id] as const,
  lookup: (phone: string) => ['lookup', phone] as const,
  ivrPath: (callId: string) => ['ivr-path', callId] as const,
  script: (callId: string, locale: string) => ['script', callId, locale] as const,
  /** Per call too: a running offer experiment decides per call which offer it shows. */
  offers: (customerId: string, locale: string, callId: string) =>
    ['offers', customerId, locale, callId] as const,
  ticket: (id: string) => ['ticket', id] as const,
};
