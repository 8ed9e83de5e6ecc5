// The IVR on the server: loads the flows lines use and runs @kefu/ivr-flows calls on a media leg.
export { IvrRunner, type IvrRunnerOptions } from './ivr-runner.js';
export { LegPromptPlayer, type PromptFiles, type LegPromptPlayerOptions } from './leg-prompt-player.js';
export { loadIvrFlows, type IvrFlows, type LoadIvrFlowsOptions } from './load-ivr-flows.js';
