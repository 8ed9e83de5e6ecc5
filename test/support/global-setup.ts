// Shared services for the integration suites (PostgreSQL is added here by the database suites).
export default async function setup(): Promise<void> {}
