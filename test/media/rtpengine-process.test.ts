// RtpengineProcess: the daemon starts, answers ng ping, and leaves no process behind.
import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { NgClient } from '@kefu/cti-server/media-rtpengine/ng-client';
import { RtpengineProcess } from '@kefu/cti-server/media-rtpengine/rtpengine-process';
import { freeUdpPort } from '../support/free-port.js';

const alive = (pid: number | undefined) => {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('RtpengineProcess', () => {
  it('starts on the given ng port, answers ping, and is gone after stop', async () => {
    const ngPort = await freeUdpPort();
    const daemon = new RtpengineProcess({
      interfaceAddress: '127.0.0.1',
      ngPort,
      portMin: 47000,
      portMax: 47099,
    });
    await daemon.start();
    expect(daemon.state).toBe('running');
    expect(alive(daemon.pid)).toBe(true);
    const ng = new NgClient({ host: '127.0.0.1', port: ngPort });
    expect((await ng.send('ping')).result).toBe('pong');
    ng.close();
    await daemon.stop();
    expect(daemon.state).toBe('stopped');
    expect(alive(daemon.pid)).toBe(false);
  });

  it('fails to start, with the daemon log, when the ng port is taken, and leaves nothing running', async () => {
    const ngPort = await freeUdpPort();
    const squatter = createSocket('udp4');
    await new Promise<void>((resolve) => squatter.bind(ngPort, '127.0.0.1', resolve));
    const daemon = new RtpengineProcess({
      interfaceAddress: '127.0.0.1',
      ngPort,
      portMin: 47100,
      portMax: 47199,
    });
    try {
      await expect(daemon.start()).rejects.toThrow(/rtpengine exited|did not answer/);
      expect(alive(daemon.pid)).toBe(false);
    } finally {
      squatter.close();
    }
  });
});
