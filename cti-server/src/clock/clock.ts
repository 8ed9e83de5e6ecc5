/** Whatever a clock's `setTimeout` returned; only that clock's `clearTimeout` understands it. */
export type TimerHandle = unknown;

/**
 * The one source of time of the server: SIP transactions and dialogs, the registrar, trunk
 * registrations, the ACD and the IVR read the time and arm their timers only through it, so
 * a test can drive them all with one `SimulatedClock` instead of sleeping.
 *
 * It is also what xstate calls a clock (`createActor(machine, { clock })`): machines keep
 * their `after` delays and the actor schedules them here.
 */
export interface Clock {
  /** Epoch milliseconds (a simulated clock starts wherever the test puts it). */
  now(): number;
  /** Runs `callback` once, `ms` from now. */
  setTimeout(callback: () => void, ms: number): TimerHandle;
  /** Cancels a timer this clock armed; a handle already fired or cleared is ignored. */
  clearTimeout(handle: TimerHandle): void;
}
