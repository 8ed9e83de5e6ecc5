import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import { systemClock } from '../../clock/index.js';
import { metricsSnapshotView } from '../../services/routing/acd-views.js';
import { ConsolePresence, type PresenceTimers } from '../../services/console/console-presence.js';
import type {
  ClientToServerEvents,
  ServerEvent,
  ServerEventName,
  ServerEventPayload,
  ServerToClientEvents,
} from '../../contract/socket-events.js';
import { hasRole, type AuthUser } from './auth.js';

declare module 'fastify' {
  interface FastifyInstance {
    realtime: Realtime;
  }
}

/** Pushes to console sockets. Rooms: `user:<id>`, `agent:<extension>`, `supervisors`. */
export interface Realtime {
  readonly io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  /** e.g. `call.offered`, `call.answered`, `call.ended` to the agent concerned. */
  emitToAgent<E extends ServerEventName>(extension: string, event: E, payload: ServerEventPayload<E>): void;
  emitToSupervisors<E extends ServerEventName>(event: E, payload: ServerEventPayload<E>): void;
  emitToUser<E extends ServerEventName>(userId: string, event: E, payload: ServerEventPayload<E>): void;
  /** Every signed-in console (e.g. `callbacks.changed`: the shared callback list moved). */
  emitToAll<E extends ServerEventName>(event: E, payload: ServerEventPayload<E>): void;
  /**
   * Closes every socket of a user at once (the user was disabled): the sockets would otherwise
   * live until their token expires. A reconnect is refused (the handshake re-reads the user).
   */
  disconnectUser(userId: string): void;
  /** Agents whose console grace period is running (for tests and diagnostics). */
  consolesInGrace(): string[];
  /**
   * What an agent's console is told the moment its socket connects (e.g. the call it is on, so a
   * reloaded console shows it again): events sent to that socket alone, before any later push.
   */
  greetAgents(greeting: (extension: string) => ServerEvent[]): void;
  /** The same for a supervisor's or admin's socket (e.g. the whole wallboard, `supervisor.board`). */
  greetSupervisors(greeting: (user: AuthUser) => ServerEvent[]): void;
}

export interface RealtimeOptions {
  /** Grace after an agent's last console socket closes before the ACD stops offering (10 s). */
  consoleGraceMs?: number;
  timers?: PresenceTimers;
  /**
   * Timers for closing a socket when its token expires. Token expiry is wall-clock time (the
   * token service reads the system time), so these default to the system's timers.
   */
  tokenTimers?: PresenceTimers;
}

interface SocketData {
  user: AuthUser;
  /** When the handshake's token expires (ms since the epoch). */
  tokenExpiresAt: number;
}

/** Node's timers take at most 2^31 - 1 ms (~24.8 days); TOKEN_TTL_SECONDS allows 30 days. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * socket.io's emit types cannot follow a generic event name to its payload; `Realtime`'s
 * signatures and `ServerEvent` check the pair instead.
 */
const untyped = (target: object) => target as { emit(event: ServerEventName, payload: unknown): unknown };

const SUPERVISORS = 'supervisors';
const agentRoom = (extension: string) => `agent:${extension}`;
const userRoom = (userId: string) => `user:${userId}`;

/**
 * socket.io on Fastify's own HTTP server at /socket.io. The handshake carries the API token
 * (`auth: { token }`). An agent's console sockets tell the ACD whether the console is open.
 */
export default fp<RealtimeOptions>(
  async (app, opts) => {
    const io: Realtime['io'] = new Server(app.server, {
      path: '/socket.io',
      serveClient: false,
      // Other upgrade handlers share this server (SIP over WebSocket at /sip): leave their sockets alone.
      destroyUpgrade: false,
    });
    const presence = new ConsolePresence({
      graceMs: opts.consoleGraceMs ?? 10_000,
      timers: opts.timers ?? systemClock,
      onChange: (agentId, connected) => {
        if (!app.acd.setConsoleConnected(agentId, connected)) {
          app.log.warn({ agentId, connected }, 'ACD refused a console presence change');
        }
      },
    });

    io.use((socket, next) => {
      const token: unknown = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || token === '') return next(new Error('unauthorized'));
      const claims = app.tokens.verify(token);
      if (!claims) return next(new Error('unauthorized'));
      app.userFromToken(token).then(
        (user) => {
          if (!user) return next(new Error('unauthorized'));
          socket.data.user = user;
          socket.data.tokenExpiresAt = claims.exp * 1000;
          next();
        },
        (err: unknown) => {
          app.log.error({ err }, 'socket authentication failed');
          next(new Error('unauthorized'));
        },
      );
    });

    // A socket lives no longer than its token (issue 13, item 7): at the expiry the server closes
    // it, and a reconnect must bring a valid token. The console reconnects after a server-side
    // close with the token it holds, and shows itself refused when that token is expired.
    const tokenTimers = opts.tokenTimers ?? systemClock;
    const closeAtExpiry = (socket: { data: SocketData; disconnect(close: boolean): unknown }) => {
      let timer: unknown;
      const arm = () => {
        const left = socket.data.tokenExpiresAt - Date.now();
        timer = tokenTimers.setTimeout(
          () => {
            if (socket.data.tokenExpiresAt - Date.now() > 0 && left > MAX_TIMER_MS) return arm();
            socket.disconnect(true);
          },
          Math.min(Math.max(left, 0), MAX_TIMER_MS),
        );
      };
      arm();
      return () => tokenTimers.clearTimeout(timer);
    };

    const greetings: Array<(extension: string) => ServerEvent[]> = [];
    const supervisorGreetings: Array<(user: AuthUser) => ServerEvent[]> = [];
    io.on('connection', (socket) => {
      const { user } = socket.data;
      const stopExpiry = closeAtExpiry(socket);
      socket.on('disconnect', stopExpiry);
      const rooms = [userRoom(user.id)];
      if (user.extension) rooms.push(agentRoom(user.extension));
      const supervisor = hasRole(user, 'supervisor', 'admin');
      if (supervisor) rooms.push(SUPERVISORS);
      void socket.join(rooms);
      // A wallboard opened mid-shift starts from the current figures, then follows the changes.
      if (supervisor) {
        socket.emit(
          'metrics.snapshot',
          metricsSnapshotView(app.acd, app.agentDirectory, app.acdSettings.clock.now()),
        );
        for (const greeting of supervisorGreetings)
          for (const [event, payload] of greeting(user)) untyped(socket).emit(event, payload);
      }
      if (user.extension)
        for (const greeting of greetings)
          for (const [event, payload] of greeting(user.extension)) untyped(socket).emit(event, payload);
      const agentId = user.agentId;
      if (agentId && app.agentDirectory.agent(agentId)) {
        presence.connected(agentId);
        socket.on('disconnect', () => presence.disconnected(agentId));
      }
    });

    const unsubscribe = [
      // One emit to the union of both rooms: a socket in both gets the event once.
      app.acdEvents.on('agent.state', (change) =>
        io.to(agentRoom(change.extension)).to(SUPERVISORS).emit('agent.state', change),
      ),
      app.acdEvents.on('queue.metrics', (m) => io.to(SUPERVISORS).emit('queue.metrics', m)),
      app.acdEvents.on('agent.metrics', (m) => io.to(SUPERVISORS).emit('agent.metrics', m)),
      // The administration changed what GET /api/console/config answers (reason codes,
      // dispositions, queues): consoles read it again.
      app.configChanges.subscribe((change) => {
        if (change.kind === 'setting' || change.kind === 'queue' || change.kind === 'all')
          io.emit('console.config.changed', { kind: change.kind });
      }),
    ];

    app.decorate('realtime', {
      io,
      emitToAgent: (extension, event, payload) => untyped(io.to(agentRoom(extension))).emit(event, payload),
      emitToSupervisors: (event, payload) => untyped(io.to(SUPERVISORS)).emit(event, payload),
      emitToUser: (userId, event, payload) => untyped(io.to(userRoom(userId))).emit(event, payload),
      emitToAll: (event, payload) => untyped(io).emit(event, payload),
      disconnectUser: (userId) => io.in(userRoom(userId)).disconnectSockets(true),
      consolesInGrace: () => presence.inGrace(),
      greetAgents: (greeting) => greetings.push(greeting),
      greetSupervisors: (greeting) => supervisorGreetings.push(greeting),
    } satisfies Realtime);

    // Open sockets would keep the HTTP server from closing: drop them first.
    app.addHook('preClose', async () => {
      for (const off of unsubscribe) off();
      io.disconnectSockets(true);
      presence.close();
    });
    app.addHook('onClose', async () => {
      await io.close();
    });
  },
  { name: 'realtime', dependencies: ['auth', 'acd', 'config-changes'] },
);
