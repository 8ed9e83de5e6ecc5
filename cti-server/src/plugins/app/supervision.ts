import fp from 'fastify-plugin';

/**
 * Supervision: today's wallboard figures per queue and agent, folded from the ACD's events and
 * pushed to the supervisors' room. (Issue 15: being built.)
 */
export default fp(async () => {}, {
  name: 'supervision',
  dependencies: ['acd', 'realtime', 'config-changes'],
});
