import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LANGUAGES, prompts, type PromptCatalogue } from '@kefu/ivr-flows';
import { rms, tonePower } from '../rtp/testing/udp-peer.js';
import { readWav } from '../rtp/wav.js';
import type { LogFn } from './log.js';
import { PromptLibrary } from './prompt-library.js';

/** Format fields of a PCM WAV whose fmt chunk comes first (what sox and writeWav produce). */
function header(buf: Buffer) {
  return {
    riff: buf.toString('ascii', 0, 4),
    wave: buf.toString('ascii', 8, 12),
    format: buf.readUInt16LE(20),
    channels: buf.readUInt16LE(22),
    sampleRate: buf.readUInt32LE(24),
    bits: buf.readUInt16LE(34),
  };
}

describe('PromptLibrary', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kefu-prompts-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('speaks every catalogue prompt in both languages as 8 kHz mono 16-bit WAV; a second build is a no-op', async () => {
    const library = new PromptLibrary({ dataDir });
    const first = await library.build();
    const ids = Object.keys(prompts);
    expect(first.engine).toBe('speech');
    expect(first.generated).toHaveLength(ids.length * LANGUAGES.length);
    expect(first.unchanged).toBe(0);

    for (const language of LANGUAGES) {
      for (const id of ids) {
        const path = library.pathOf(id, language);
        expect(path).toBe(join(dataDir, 'prompts', language, `${id}.wav`));
        const buf = await readFile(path);
        expect(header(buf)).toEqual({
          riff: 'RIFF',
          wave: 'WAVE',
          format: 1,
          channels: 1,
          sampleRate: 8000,
          bits: 16,
        });
        const audio = readWav(buf);
        const seconds = audio.samples.length / 8000;
        expect(seconds, `${language}/${id} duration`).toBeGreaterThan(0.8);
        expect(seconds, `${language}/${id} duration`).toBeLessThan(20);
        expect(rms(audio.samples), `${language}/${id} energy`).toBeGreaterThan(1000);
      }
    }

    const mtime = (await stat(library.pathOf('menu_sales', 'zh-CN'))).mtimeMs;
    const second = await new PromptLibrary({ dataDir }).build();
    expect(second).toEqual({ generated: [], unchanged: ids.length * LANGUAGES.length, engine: 'speech' });
    expect((await stat(library.pathOf('menu_sales', 'zh-CN'))).mtimeMs).toBe(mtime);
  });

  it('rebuilds only the prompt whose text changed', async () => {
    const catalogue: PromptCatalogue = {
      hello: { 'zh-CN': '你好。', en: 'Hello.' },
      bye: { 'zh-CN': '再见。', en: 'Goodbye.' },
    };
    await new PromptLibrary({ dataDir, catalogue }).build();
    const edited = { ...catalogue, bye: { 'zh-CN': '再见。', en: 'Goodbye, and thank you.' } };
    const library = new PromptLibrary({ dataDir, catalogue: edited });
    const before = readWav(await readFile(library.pathOf('bye', 'en'))).samples.length;
    const report = await library.build();
    expect(report.generated).toEqual(['en/bye']);
    expect(report.unchanged).toBe(3);
    expect(readWav(await readFile(library.pathOf('bye', 'en'))).samples.length).toBeGreaterThan(before);
  });

  it('falls back to a tone and warns when espeak-ng is missing, then speaks once it is back', async () => {
    const catalogue: PromptCatalogue = { hello: { 'zh-CN': '你好，欢迎。', en: 'Hello and welcome.' } };
    const warnings: string[] = [];
    const log: LogFn = (level, message) => {
      if (level === 'warn') warnings.push(message);
    };
    const missing = new PromptLibrary({
      dataDir,
      catalogue,
      log,
      tools: { espeak: join(dataDir, 'no-such-espeak'), sox: 'sox' },
    });
    const report = await missing.build();
    expect(report).toEqual({ generated: ['en/hello', 'zh-CN/hello'], unchanged: 0, engine: 'tone' });
    expect(warnings).toEqual([expect.stringContaining('placeholder tones')]);
    const tone = readWav(await readFile(missing.pathOf('hello', 'en'))).samples;
    expect(tonePower(tone, 425)).toBeGreaterThan(1_000_000); // ≈ 8000² / 4 for the pure tone

    const healed = await new PromptLibrary({ dataDir, catalogue }).build();
    expect(healed.generated).toEqual(['en/hello', 'zh-CN/hello']);
    const speech = readWav(await readFile(missing.pathOf('hello', 'en'))).samples;
    expect(tonePower(speech, 425)).toBeLessThan(tonePower(tone, 425) / 10);
  });

  it('names unknown prompt ids and unbuilt languages', () => {
    const library = new PromptLibrary({ dataDir, languages: ['en'] });
    expect(() => library.pathOf('nope', 'en')).toThrow(/unknown prompt id "nope"/);
    expect(() => library.pathOf('goodbye', 'zh-CN')).toThrow(/not built/);
    expect(() => new PromptLibrary({ dataDir, catalogue: { '../x': { 'zh-CN': 'a', en: 'a' } } })).toThrow(
      /cannot be a file name/,
    );
  });
});
