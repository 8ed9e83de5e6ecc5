// The embedded media plane in a worker thread: the 20 ms ticker, RTP/WebRTC sockets and
// recording run off the main thread, which keeps SIP, routing and the database. Requests come
// as { id, method, args } and are answered { id, result } or { id, error }; the plane's
// delegate events go up as { event, payload }.
import { parentPort, workerData } from 'node:worker_threads';
import { EmbeddedMediaPlane, type EmbeddedMediaPlaneOptions } from '../embedded-media-plane.js';
import { MediaPlaneError, type MediaPlane } from '../media-plane.js';

const port = parentPort!;
const plane = new EmbeddedMediaPlane(workerData as EmbeddedMediaPlaneOptions);
plane.setDelegate({
  onDtmf: (payload) => port.postMessage({ event: 'onDtmf', payload }),
  onPlayDone: (payload) => port.postMessage({ event: 'onPlayDone', payload }),
  onMediaTimeout: (payload) => port.postMessage({ event: 'onMediaTimeout', payload }),
});

type Method = Exclude<keyof MediaPlane, 'setDelegate'>;

port.on('message', (msg: { id: number; method: Method; args: unknown[] }) => {
  const fn = plane[msg.method] as (...args: unknown[]) => Promise<unknown>;
  fn.apply(plane, msg.args).then(
    (result) => port.postMessage({ id: msg.id, result }),
    (err: unknown) =>
      port.postMessage({
        id: msg.id,
        error: {
          message: err instanceof Error ? err.message : String(err),
          code: err instanceof MediaPlaneError ? err.code : undefined,
        },
      }),
  );
});
