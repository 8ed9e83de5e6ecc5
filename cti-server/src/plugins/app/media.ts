import { networkInterfaces } from 'node:os';
import fp from 'fastify-plugin';
import type { Config } from '../../config.js';
import { EmbeddedMediaPlane } from '../../rtp/embedded-media-plane.js';
import type { MediaPlane } from '../../rtp/media-plane.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The media plane every call's audio is anchored on (MEDIA=embedded|rtpengine). */
    media: MediaPlane;
  }
}

export interface MediaPluginOptions {
  media: Config['media'];
}

/**
 * Creates the configured media engine. The address put in SDP must be one the far end can
 * reach: the configured public address, the bind address when it is a real one, else this
 * host's first non-loopback IPv4 address.
 */
export default fp<MediaPluginOptions>(
  async (app, opts) => {
    const { media } = opts;
    if (media.engine !== 'embedded') {
      throw new Error(`MEDIA=${media.engine} is not available in this build; use MEDIA=embedded`);
    }
    const plane = new EmbeddedMediaPlane({
      bindAddress: media.bindAddress,
      advertisedAddress: media.advertisedAddress ?? advertisable(media.bindAddress),
      portRange: { min: media.portMin, max: media.portMax },
      mediaTimeoutMs: media.timeoutSeconds * 1000,
    });
    app.decorate('media', plane);
    app.addHook('onClose', () => plane.close());
    app.log.info(
      { engine: media.engine, bind: media.bindAddress, ports: `${media.portMin}-${media.portMax}` },
      'media plane ready',
    );
  },
  { name: 'media' },
);

function advertisable(bindAddress: string): string {
  if (bindAddress !== '0.0.0.0') return bindAddress;
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}
