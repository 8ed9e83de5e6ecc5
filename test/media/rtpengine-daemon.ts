// One rtpengine daemon per test file, on free loopback ports (see RtpengineProcess).
import { RtpengineProcess } from '@kefu/cti-server/media-rtpengine/rtpengine-process';
import type { RtpengineMediaPlaneOptions } from '@kefu/cti-server/media-rtpengine/rtpengine-media-plane';
import { freeUdpPort } from '../support/free-port.js';

export interface TestRtpengine {
  process: RtpengineProcess;
  planeOptions: RtpengineMediaPlaneOptions;
  stop(): Promise<void>;
}

export async function startTestRtpengine(recordingDir: string): Promise<TestRtpengine> {
  const ngPort = await freeUdpPort();
  const dtmfLogPort = await freeUdpPort();
  // rtpengine skips ports it cannot bind, so a random window shared with others is fine.
  const portMin = 30_000 + 2 * Math.floor(Math.random() * 14_000);
  const process = new RtpengineProcess({
    interfaceAddress: '127.0.0.1',
    ngPort,
    portMin,
    portMax: portMin + 99,
    dtmfLogPort,
    recordingDir,
  });
  await process.start();
  return {
    process,
    planeOptions: {
      ng: { host: '127.0.0.1', port: ngPort },
      interfaceAddress: '127.0.0.1',
      dtmfLogPort,
      recordingDir,
    },
    stop: () => process.stop(),
  };
}
