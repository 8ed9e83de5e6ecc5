/**
 * RFC 3261 timer values (https://www.rfc-editor.org/rfc/rfc3261#appendix-A), in milliseconds.
 * Values that collapse to zero on reliable transports have a `*_RELIABLE` twin.
 */
const T1 = 500;
const T2 = 4000;
const T4 = 5000;

export const Timers = {
  T1,
  T2,
  T4,
  /** INVITE request retransmit interval, starts at T1 and doubles (§17.1.1.2). */
  TIMER_A: T1,
  /** INVITE client transaction timeout. */
  TIMER_B: 64 * T1,
  /** Wait time for response retransmits in INVITE client Completed: > 32 s unreliable, 0 reliable. */
  TIMER_D: 32_000,
  TIMER_D_RELIABLE: 0,
  /** Non-INVITE request retransmit interval, starts at T1, capped at T2 (§17.1.2.2). */
  TIMER_E: T1,
  /** Non-INVITE client transaction timeout. */
  TIMER_F: 64 * T1,
  /** INVITE final-response retransmit interval (§17.2.1). */
  TIMER_G: T1,
  /** Wait time for ACK receipt. */
  TIMER_H: 64 * T1,
  /** Wait time for ACK retransmits: T4 unreliable, 0 reliable. */
  TIMER_I: T4,
  TIMER_I_RELIABLE: 0,
  /** Wait time for non-INVITE request retransmits: 64*T1 unreliable, 0 reliable. */
  TIMER_J: 64 * T1,
  TIMER_J_RELIABLE: 0,
  /** Wait time for non-INVITE response retransmits: T4 unreliable, 0 reliable. */
  TIMER_K: T4,
  TIMER_K_RELIABLE: 0,
  /** INVITE server waits in Accepted for INVITE retransmits (https://www.rfc-editor.org/rfc/rfc6026#section-8.11). */
  TIMER_L: 64 * T1,
  /** INVITE client waits in Accepted for 2xx retransmits (https://www.rfc-editor.org/rfc/rfc6026#section-8.11). */
  TIMER_M: 64 * T1,
  /** INVITE server sends 100 Trying if the TU has not answered within 200 ms (§17.2.1). */
  PROVISIONAL_100: 200,
} as const;
