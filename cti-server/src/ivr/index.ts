// The IVR on the server: runs @kefu/ivr-flows calls on a media-plane leg.
export { IvrRunner, type IvrRunnerOptions } from './ivr-runner.js';
export { LegPromptPlayer, type PromptFiles, type LegPromptPlayerOptions } from './leg-prompt-player.js';
