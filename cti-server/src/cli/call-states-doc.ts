// Redraws the call's state diagram in docs/ARCHITECTURE.md from the machine itself.
import { readFileSync, writeFileSync } from 'node:fs';
import { withCallStatesDiagram } from '../call/call-states-diagram.js';

const doc = new URL('../../../docs/ARCHITECTURE.md', import.meta.url);
writeFileSync(doc, withCallStatesDiagram(readFileSync(doc, 'utf8')));
console.log('docs/ARCHITECTURE.md: call state diagram redrawn');
