// Builds the IVR prompt audio into the server's data dir: `tsx cti-server/src/prompts/cli.ts`.
import { loadConfig } from '../config.js';
import { PromptLibrary } from './prompt-library.js';

const library = new PromptLibrary({
  dataDir: loadConfig().dataDir,
  log: (level, message, data) => console.error(`[${level}] ${message}`, data ?? ''),
});
const report = await library.build();
console.log(
  `${library.dir}: ${report.generated.length} generated, ${report.unchanged} unchanged (${report.engine})`,
);
for (const name of report.generated) console.log(`  ${name}`);
