export { openDatabase, providerOf, type Db } from './client.js';
export { resolveDatabase, dataDir, type DatabaseTarget, type Provider } from './database-url.js';
export { migrate } from './migrate.js';
export { normalizePhone, defaultRegion, type NormalizedPhone, type PhoneType } from './phone.js';
export { hashPassword, verifyPassword, sipHa1, sipRealm, type DigestAlgorithm } from './credentials.js';
export {
  seedDemo,
  VIP_PHONE,
  SETTINGS,
  SeedRefusedError,
  DEMO_TRAFFIC_DAYS,
  type SeedOptions,
} from './seed/seed-demo.js';
export { SHARED_SWITCHBOARD, customerId } from './seed/customers.js';
export { demoPassword } from './seed/demo-config.js';
export type * from '../generated/sqlite/index.js';
