import { io, type Socket } from 'socket.io-client';

export type RealtimeStatus = 'connecting' | 'connected' | 'reconnecting' | 'refused';

export interface RealtimeDelegate {
  onStatus?(status: RealtimeStatus): void;
}

type Handler = (payload: unknown) => void;

/**
 * The console's socket.io link to the CTI server (same origin, /socket.io, token in the
 * handshake). socket.io reconnects by itself; this class only reports where it stands and
 * fans events out to the panels that listen.
 */
export class RealtimeConnection {
  private readonly socket: Socket;
  private readonly handlers = new Map<string, Set<Handler>>();
  status: RealtimeStatus = 'connecting';

  constructor(
    token: string,
    private readonly delegate: RealtimeDelegate = {},
  ) {
    this.socket = io({ path: '/socket.io', auth: { token }, transports: ['websocket'] });
    this.socket.on('connect', () => this.setStatus('connected'));
    this.socket.on('disconnect', (reason) => {
      this.setStatus('reconnecting');
      // socket.io does not retry after the server closed the socket (e.g. it restarted): do it here.
      if (reason === 'io server disconnect') this.socket.connect();
    });
    this.socket.on('connect_error', (err) =>
      // A refused token will not get better by retrying.
      this.setStatus(err.message === 'unauthorized' ? 'refused' : 'reconnecting'),
    );
    // A link that opens and drops before socket.io's handshake reaches no socket event: the
    // manager's retries are the sign that the console is cut off.
    this.socket.io.on('reconnect_attempt', () => this.setStatus('reconnecting'));
    this.socket.onAny((event: string, payload: unknown) => {
      for (const handler of this.handlers.get(event) ?? []) handler(payload);
    });
  }

  on(event: string, handler: Handler): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  close(): void {
    this.socket.close();
  }

  private setStatus(status: RealtimeStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.delegate.onStatus?.(status);
  }
}
