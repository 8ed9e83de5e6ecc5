import type { FastifyPluginAsync } from 'fastify';
import experiments from './experiments.js';
import marketingReports from './marketing-reports.js';

/**
 * The marketing workspace's API beyond the scripts and cross-sell rules the console shares
 * (those are in agent-console.ts): A/B experiments and the conversion dashboards (issue 16).
 */
const marketing: FastifyPluginAsync = async (api) => {
  await api.register(experiments);
  await api.register(marketingReports);
};

export default marketing;
