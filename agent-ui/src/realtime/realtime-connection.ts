import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  ServerEventName,
  ServerEventPayload,
  ServerToClientEvents,
} from '../api/types.js';

export type RealtimeStatus = 'connecting' | 'connected' | 'reconnecting' | 'refused';

export type RealtimeHandler<E extends ServerEventName> = (payload: ServerEventPayload<E>) => void;
// One map for every event: `on` pairs each handler with its own event's payload type.
type Handler = (payload: never) => void;

/**
 * The console's socket.io link to the CTI server (same origin, /socket.io, token in the
 * handshake). socket.io reconnects by itself; this class only reports where it stands and
 * fans events out to the panels that listen. Panels subscribe before the socket opens and stay
 * subscribed across `open`s.
 */
export class RealtimeConnection {
  private readonly handlers = new Map<string, Set<Handler>>();
  private readonly statusListeners = new Set<() => void>();
  private status: RealtimeStatus = 'connecting';

  /** Opens a socket with the agent's token; the function returned closes it. */
  open(token: string): () => void {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
      path: '/socket.io',
      auth: { token },
      transports: ['websocket'],
    });
    // A closed socket still reports its own disconnect: it no longer speaks for the console.
    let live = true;
    const report = (status: RealtimeStatus) => {
      if (live) this.setStatus(status);
    };
    this.setStatus('connecting');
    socket.on('connect', () => report('connected'));
    socket.on('disconnect', (reason) => {
      report('reconnecting');
      // socket.io does not retry after the server closed the socket (e.g. it restarted): do it here.
      if (live && reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (err) =>
      // A refused token will not get better by retrying.
      report(err.message === 'unauthorized' ? 'refused' : 'reconnecting'),
    );
    // A link that opens and drops before socket.io's handshake reaches no socket event: the
    // manager's retries are the sign that the console is cut off.
    socket.io.on('reconnect_attempt', () => report('reconnecting'));
    socket.onAny((event: string, payload: unknown) => {
      if (!live) return;
      for (const handler of this.handlers.get(event) ?? []) (handler as (p: unknown) => void)(payload);
    });
    return () => {
      live = false;
      socket.close();
    };
  }

  on<E extends ServerEventName>(event: E, handler: RealtimeHandler<E>): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  getStatus = (): RealtimeStatus => this.status;

  /** For `useSyncExternalStore`: `listener` runs on every status change. */
  subscribeStatus = (listener: () => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  };

  private setStatus(status: RealtimeStatus): void {
    if (status === this.status) return;
    this.status = status;
    for (const listener of this.statusListeners) listener();
  }
}
