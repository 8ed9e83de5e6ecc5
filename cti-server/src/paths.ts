import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
