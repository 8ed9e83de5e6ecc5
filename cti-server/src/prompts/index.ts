// Prompt audio for the IVR: the catalogue of @kefu/ivr-flows synthesised to 8 kHz WAV files.
export { PromptLibrary, type PromptBuildReport, type PromptLibraryOptions } from './prompt-library.js';
export { ESPEAK_VOICES, DEFAULT_SPEECH_TOOLS, type SpeechTools } from './speech-synthesizer.js';
export type { LogFn } from './log.js';
