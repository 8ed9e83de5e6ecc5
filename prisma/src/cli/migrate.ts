import { resolveDatabase } from '../database-url.js';
import { migrate } from '../migrate.js';

const target = resolveDatabase();
const applied = await migrate(target);
const where = target.provider === 'sqlite' ? target.location : 'PostgreSQL';
console.log(applied.length ? `Applied ${applied.join(', ')} to ${where}` : `Database ${where} is up to date`);
