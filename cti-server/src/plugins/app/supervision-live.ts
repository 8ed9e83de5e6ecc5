import fp from 'fastify-plugin';

/**
 * Supervision of what is happening now: live calls (IVR, waiting, ringing, connected) and the
 * alerts raised on the wallboard's figures. (Issue 15: being built.)
 */
export default fp(async () => {}, {
  name: 'supervision-live',
  dependencies: ['acd', 'realtime', 'config-changes', 'supervision'],
});
