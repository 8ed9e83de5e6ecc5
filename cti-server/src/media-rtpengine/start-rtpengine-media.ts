// MEDIA=rtpengine in one call: spawn the daemon (unless one is already running at `ngPort`) and
// open the plane on it; `close` undoes both.
import { RtpengineMediaPlane, type RtpengineMediaPlaneOptions } from './rtpengine-media-plane.js';
import { RtpengineProcess } from './rtpengine-process.js';

export interface RtpengineMediaConfig {
  interfaceAddress: string;
  ngPort: number;
  portMin: number;
  portMax: number;
  dtmfLogPort?: number;
  recordingDir?: string;
  mediaTimeoutMs?: number;
  /** false: an rtpengine started elsewhere (systemd, container) already listens on ngPort. */
  spawn?: boolean;
}

export interface RtpengineMedia {
  plane: RtpengineMediaPlane;
  process: RtpengineProcess | undefined;
  close(): Promise<void>;
}

export async function startRtpengineMedia(config: RtpengineMediaConfig): Promise<RtpengineMedia> {
  const process =
    config.spawn === false
      ? undefined
      : new RtpengineProcess({
          interfaceAddress: config.interfaceAddress,
          ngPort: config.ngPort,
          portMin: config.portMin,
          portMax: config.portMax,
          dtmfLogPort: config.dtmfLogPort,
          recordingDir: config.recordingDir,
        });
  await process?.start();
  const options: RtpengineMediaPlaneOptions = {
    ng: { host: config.interfaceAddress, port: config.ngPort },
    interfaceAddress: config.interfaceAddress,
    dtmfLogPort: config.dtmfLogPort,
    recordingDir: config.recordingDir,
    mediaTimeoutMs: config.mediaTimeoutMs,
  };
  let plane: RtpengineMediaPlane;
  try {
    plane = await RtpengineMediaPlane.open(options);
  } catch (err) {
    await process?.stop();
    throw err;
  }
  return {
    plane,
    process,
    async close() {
      await plane.close();
      await process?.stop();
    },
  };
}
