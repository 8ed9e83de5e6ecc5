import { join } from 'node:path';
import fp from 'fastify-plugin';
import type { Config } from '../../config.js';
import { startRtpengineMedia } from '../../media-rtpengine/start-rtpengine-media.js';
import { EmbeddedMediaPlane } from '../../rtp/embedded-media-plane.js';
import { WorkerMediaPlane } from '../../rtp/worker/worker-media-plane.js';
import type { MediaPlane } from '../../rtp/media-plane.js';
import { firstExternalAddress, isWildcard } from '../../net/local-address.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The media plane every call's audio is anchored on (MEDIA=embedded|rtpengine). */
    media: MediaPlane;
  }
}

export interface MediaPluginOptions {
  media: Config['media'];
  dataDir: string;
}

/**
 * Creates the configured media engine. The address put in SDP must be one the far end can
 * reach: the configured public address, else the address of ours the party's SIP arrived on
 * (call control passes it per leg), the bind address when it is a real one, else this host's
 * first non-loopback IPv4 address.
 */
export default fp<MediaPluginOptions>(
  async (app, opts) => {
    const { media } = opts;
    if (media.engine === 'rtpengine') {
      // Debian's rtpengine daemon, spawned by kefu unless RTPENGINE_SPAWN=false (then it must
      // already listen on the ng port). Limits: two parties per call (no supervisor monitor).
      const rtpengine = await startRtpengineMedia({
        // rtpengine gets one interface: per-leg addresses need its multi-interface set-up.
        interfaceAddress: media.advertisedAddress ?? advertisable(media.bindAddress),
        ngPort: media.rtpengine.ngPort,
        portMin: media.portMin,
        portMax: media.portMax,
        dtmfLogPort: media.rtpengine.ngPort + 1,
        recordingDir: join(opts.dataDir, 'rtpengine'),
        mediaTimeoutMs: media.timeoutSeconds * 1000,
        spawn: media.rtpengine.spawn,
      });
      app.decorate('media', rtpengine.plane);
      app.addHook('onClose', () => rtpengine.close());
      app.log.info({ engine: 'rtpengine', ng: media.rtpengine.ngPort }, 'media plane ready');
      return;
    }
    const options = {
      bindAddress: media.bindAddress,
      ...(media.advertisedAddress !== undefined && { advertisedAddress: media.advertisedAddress }),
      fallbackAddress: advertisable(media.bindAddress),
      portRange: { min: media.portMin, max: media.portMax },
      mediaTimeoutMs: media.timeoutSeconds * 1000,
    };
    // MEDIA_THREAD=worker: media work uses the second core (pnpm bench:sip); main is the default.
    const plane: MediaPlane =
      media.thread === 'worker'
        ? new WorkerMediaPlane(options, (err) => app.log.error({ err }, 'media worker stopped'))
        : new EmbeddedMediaPlane(options);
    app.decorate('media', plane);
    app.addHook('onClose', () => plane.close());
    app.log.info(
      {
        engine: media.engine,
        thread: media.thread,
        bind: media.bindAddress,
        ports: `${media.portMin}-${media.portMax}`,
      },
      'media plane ready',
    );
  },
  { name: 'media' },
);

function advertisable(bindAddress: string): string {
  if (!isWildcard(bindAddress)) return bindAddress;
  return firstExternalAddress(4) ?? '127.0.0.1';
}
