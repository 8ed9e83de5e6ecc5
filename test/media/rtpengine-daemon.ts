// One rtpengine daemon per test file, on free loopback ports, through the same start-up the
// server uses for MEDIA=rtpengine.
import type { RtpengineMediaPlaneOptions } from '@kefu/cti-server/media-rtpengine/rtpengine-media-plane';
import {
  startRtpengineMedia,
  type RtpengineMedia,
} from '@kefu/cti-server/media-rtpengine/start-rtpengine-media';
import { freeUdpPort } from '../support/free-port.js';

export interface TestRtpengine extends RtpengineMedia {
  /** For a second plane on the same daemon. */
  planeOptions: RtpengineMediaPlaneOptions;
}

export async function startTestRtpengine(recordingDir: string): Promise<TestRtpengine> {
  const ngPort = await freeUdpPort();
  const dtmfLogPort = await freeUdpPort();
  // rtpengine skips ports it cannot bind, so a random window shared with others is fine.
  const portMin = 30_000 + 2 * Math.floor(Math.random() * 14_000);
  const media = await startRtpengineMedia({
    interfaceAddress: '127.0.0.1',
    ngPort,
    portMin,
    portMax: portMin + 99,
    dtmfLogPort,
    recordingDir,
  });
  return {
    ...media,
    planeOptions: { ng: { host: '127.0.0.1', port: ngPort }, interfaceAddress: '127.0.0.1', recordingDir },
  };
}
