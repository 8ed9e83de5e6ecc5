import { execFile, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import type { Language } from '@kefu/ivr-flows';

/** espeak-ng voice per prompt language (`espeak-ng --voices`: cmn = Mandarin). */
export const ESPEAK_VOICES: Readonly<Record<Language, string>> = { 'zh-CN': 'cmn', en: 'en' };

export interface SpeechTools {
  espeak: string;
  sox: string;
}

export const DEFAULT_SPEECH_TOOLS: SpeechTools = { espeak: 'espeak-ng', sox: 'sox' };

function run(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 30_000 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });
}

/** Version line of both tools, or null with the reason when one is missing. */
export async function probeSpeechTools(
  tools: SpeechTools,
): Promise<{ ok: true; version: string } | { ok: false; reason: string }> {
  try {
    const espeak = (await run(tools.espeak, ['--version'])).trim();
    await run(tools.sox, ['--version']);
    return { ok: true, version: espeak };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

/**
 * Speaks `text` into `outPath` as telephone audio: espeak-ng renders at its native 22.05 kHz,
 * sox resamples to 8 kHz mono 16-bit PCM, trims espeak's leading and trailing silence (a menu's
 * input timeout starts when its prompt ends) and normalises to -3 dBFS so all prompts sound
 * equally loud. The text goes in on stdin, never through a shell.
 */
export async function synthesizeSpeech(
  tools: SpeechTools,
  text: string,
  language: Language,
  outPath: string,
): Promise<void> {
  const rawPath = outPath.replace(/\.wav$/, '.raw.wav');
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(tools.espeak, ['-v', ESPEAK_VOICES[language], '--stdin', '-w', rawPath], {
        stdio: ['pipe', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.stdin.on('error', reject); // EPIPE when espeak-ng dies before reading the text
      child.on('close', (code) =>
        code === 0 ? resolve() : reject(new Error(`${tools.espeak} exited ${code}: ${stderr.trim()}`)),
      );
      child.stdin.end(text, 'utf8');
    });
    const output = ['-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-t', 'wav', outPath];
    // silence: drop audio below 0.5 % until 20 ms above it; done on the reversed signal for the tail.
    const trim = ['silence', '1', '0.02', '0.5%'];
    await run(tools.sox, [rawPath, ...output, ...trim, 'reverse', ...trim, 'reverse', 'norm', '-3']);
  } finally {
    await rm(rawPath, { force: true });
  }
}
