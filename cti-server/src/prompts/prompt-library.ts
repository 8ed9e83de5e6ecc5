import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LANGUAGES, prompts as defaultCatalogue, type Language, type PromptCatalogue } from '@kefu/ivr-flows';
import type { LogFn } from './log.js';
import {
  DEFAULT_SPEECH_TOOLS,
  ESPEAK_VOICES,
  probeSpeechTools,
  synthesizeSpeech,
  type SpeechTools,
} from './speech-synthesizer.js';
import { tonePromptWav } from './tone-prompt.js';

export interface PromptLibraryOptions {
  /** Files go to `<dataDir>/prompts/<language>/<id>.wav`… */
  dataDir: string;
  /** …or to `<dir>/<language>/<id>.wav` when set (PROMPTS_DIR: one synthesised set shared by several servers). */
  dir?: string | undefined;
  catalogue?: PromptCatalogue;
  languages?: readonly Language[];
  tools?: SpeechTools;
  log?: LogFn;
  /** Prompts synthesised at once (each is two short child processes). */
  concurrency?: number;
}

export interface PromptBuildReport {
  /** "<language>/<id>" of the files written in this build. */
  generated: string[];
  unchanged: number;
  /** 'speech' = espeak-ng; 'tone' = the fallback beep (espeak-ng or sox missing). */
  engine: 'speech' | 'tone';
}

/** Bump when the synthesis recipe changes, so every file is rebuilt once. */
const RECIPE = 'espeak-ng+sox 8k mono s16 trim norm-3 v2';

/** A prompt id usable as a file name (catalogue ids are snake_case). */
const SAFE_ID = /^[A-Za-z0-9_-]+$/;

/**
 * The audio of the prompt catalogue: one 8 kHz mono 16-bit WAV per prompt id and language, the
 * format the media plane plays without conversion. `build()` (re)synthesises only the files
 * whose text, voice or recipe changed, tracked by a hash file beside each WAV.
 */
export class PromptLibrary {
  readonly dir: string;
  private readonly catalogue: PromptCatalogue;
  private readonly languages: readonly Language[];
  private readonly tools: SpeechTools;

  constructor(private readonly options: PromptLibraryOptions) {
    this.dir = options.dir ?? join(options.dataDir, 'prompts');
    this.catalogue = options.catalogue ?? defaultCatalogue;
    this.languages = options.languages ?? LANGUAGES;
    this.tools = options.tools ?? DEFAULT_SPEECH_TOOLS;
    for (const id of Object.keys(this.catalogue)) {
      if (!SAFE_ID.test(id)) throw new RangeError(`prompt id "${id}" cannot be a file name`);
    }
  }

  /** Where the WAV of `id` in `language` lives (built or not); throws for ids not in the catalogue. */
  pathOf(id: string, language: Language): string {
    if (!Object.hasOwn(this.catalogue, id)) throw new RangeError(`unknown prompt id "${id}"`);
    if (!this.languages.includes(language)) throw new RangeError(`prompt language "${language}" not built`);
    return join(this.dir, language, `${id}.wav`);
  }

  /** Synthesises missing or outdated prompts. Never throws for a missing speech engine. */
  async build(): Promise<PromptBuildReport> {
    const probe = await probeSpeechTools(this.tools);
    const engine = probe.ok ? 'speech' : 'tone';
    if (!probe.ok) {
      this.options.log?.('warn', 'espeak-ng/sox not usable: prompts are placeholder tones', {
        reason: probe.reason,
      });
    }
    const jobs = this.languages.flatMap((language) =>
      Object.keys(this.catalogue).map((id) => ({ id, language })),
    );
    for (const language of this.languages) await mkdir(join(this.dir, language), { recursive: true });

    const report: PromptBuildReport = { generated: [], unchanged: 0, engine };
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let job = jobs[next++]; job; job = jobs[next++]) {
        const text = this.textOf(job.id, job.language);
        const wavPath = this.pathOf(job.id, job.language);
        const hashPath = wavPath.replace(/\.wav$/, '.sha256');
        const wanted = recipeHash(engine, probe.ok ? probe.version : '', job.language, text);
        if ((await readFile(hashPath, 'utf8').catch(() => '')) === wanted) {
          report.unchanged++;
          continue;
        }
        const used = await this.render(text, job.language, wavPath, engine);
        // A tone written in place of failed speech gets the tone's hash: the next build retries.
        await writeFile(hashPath, used === engine ? wanted : recipeHash(used, '', job.language, text));
        report.generated.push(`${job.language}/${job.id}`);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.options.concurrency ?? 2) }, worker));
    report.generated.sort();
    if (report.generated.length > 0) {
      this.options.log?.('info', 'prompts built', { engine, generated: report.generated.length });
    }
    return report;
  }

  private textOf(id: string, language: Language): string {
    const text = this.catalogue[id]?.[language];
    if (!text) throw new RangeError(`prompt "${id}" has no ${language} text`);
    return text;
  }

  /**
   * Writes beside the target and renames, so a player never reads a half-written file. A prompt
   * espeak-ng cannot speak becomes a tone (logged) rather than failing the server start.
   */
  private async render(text: string, language: Language, wavPath: string, engine: Engine): Promise<Engine> {
    const tmpPath = wavPath.replace(/\.wav$/, `.tmp-${process.pid}.wav`);
    let used = engine;
    try {
      if (engine === 'speech') {
        try {
          await synthesizeSpeech(this.tools, text, language, tmpPath);
        } catch (error) {
          this.options.log?.('warn', 'prompt synthesis failed: using a tone', {
            prompt: wavPath,
            err: (error as Error).message,
          });
          used = 'tone';
        }
      }
      if (used === 'tone') await writeFile(tmpPath, tonePromptWav(text));
      await rename(tmpPath, wavPath);
      return used;
    } finally {
      await rm(tmpPath, { force: true });
    }
  }
}

type Engine = PromptBuildReport['engine'];

function recipeHash(engine: Engine, engineVersion: string, language: Language, text: string): string {
  return createHash('sha256')
    .update(JSON.stringify([RECIPE, engine, engineVersion, ESPEAK_VOICES[language], text]))
    .digest('hex');
}
