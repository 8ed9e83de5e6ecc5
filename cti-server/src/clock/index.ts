// Time for the whole server (issue #12): one `Clock` that sip/, registrar/, trunks/, acd/, the
// IVR and call control take as an option (defaulting to `systemClock`), and a `SimulatedClock`
// that tests and the ACD replay drive by hand.
//
// This is a folder of cti-server, not a workspace package of its own: the interface is three
// methods, and @kefu/ivr-flows (which cti-server depends on, not the reverse) needs only its
// timer half, so it declares that shape itself (`IvrClock`) and any `Clock` satisfies it
// structurally. A package would add a manifest, a tsconfig and a build edge for those lines.
export type { Clock, TimerHandle } from './clock.js';
export { systemClock } from './system-clock.js';
export { SimulatedClock } from './simulated-clock.js';
