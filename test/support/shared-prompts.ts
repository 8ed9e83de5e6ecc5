import { tmpdir } from 'node:os';
import path from 'node:path';

/** IVR prompt audio built once per machine by the global setup and shared by test servers. */
export const SHARED_PROMPTS_DIR = path.join(tmpdir(), 'kefu-test-prompts');
