// Worker bootstrap: the server runs TypeScript through tsx; a worker thread needs the loader
// registered in its own thread before it imports the TypeScript entry.
import { register } from 'tsx/esm/api';

register();
await import('./wav-convert-worker.ts');
