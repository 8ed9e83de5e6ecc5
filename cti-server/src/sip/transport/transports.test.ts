import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { TcpTransport } from './tcp-transport.js';
import type { Endpoint, Transport } from './transport.js';
import { UdpTransport } from './udp-transport.js';
import { WebSocketTransport, type GenericWebSocket } from './websocket-transport.js';

const OPTIONS = (via: string, extra = 'Max-Forwards: 70\r\n'): string =>
  `OPTIONS sip:kefu@127.0.0.1 SIP/2.0\r\nVia: ${via}\r\nTo: <sip:kefu@h>\r\nFrom: <sip:a@h>;tag=1\r\n` +
  `Call-ID: c1\r\nCSeq: 1 OPTIONS\r\n${extra}Content-Length: 0\r\n\r\n`;

function nextMessage(t: Transport): Promise<[SipRequest | SipResponse, Endpoint]> {
  return new Promise((resolve) => {
    t.delegate = { ...t.delegate, onMessage: (m, s) => resolve([m, s]) };
  });
}

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

describe('UdpTransport', () => {
  it('stamps received and rport on the top Via (RFC 3261 §18.2.1, RFC 3581 §4)', async () => {
    const server = new UdpTransport({ host: '127.0.0.1', port: 0 });
    const client = new UdpTransport({ host: '127.0.0.1', port: 0 });
    open.push(server, client);
    await Promise.all([server.listen(), client.listen()]);
    const received = nextMessage(server);
    await client.send(OPTIONS('SIP/2.0/UDP client.invalid;branch=z9hG4bKa;rport'), {
      protocol: 'UDP',
      address: '127.0.0.1',
      port: server.local.port,
    });
    const [message, source] = await received;
    expect(source.port).toBe(client.local.port);
    expect(message.headers.get('Via')).toBe(
      `SIP/2.0/UDP client.invalid;branch=z9hG4bKa;rport=${client.local.port};received=127.0.0.1`,
    );
  });

  it('answers a malformed request with a readable Via with 400, and drops garbage', async () => {
    const server = new UdpTransport({ host: '127.0.0.1', port: 0 });
    const drops: string[] = [];
    server.delegate = { onDropped: (reason) => drops.push(reason) };
    open.push(server);
    await server.listen();
    const raw = createSocket('udp4');
    open.push({ close: () => raw.close() });
    await new Promise<void>((r) => raw.bind(0, '127.0.0.1', () => r()));
    const reply = new Promise<string>((resolve) => raw.once('message', (d) => resolve(d.toString())));
    raw.send(Buffer.from([0, 1, 2, 3, 255]), server.local.port, '127.0.0.1');
    raw.send(OPTIONS('SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKb;rport', ''), server.local.port, '127.0.0.1');
    const text = await reply;
    expect(text).toMatch(/^SIP\/2\.0 400 Bad Request \(Missing Max-Forwards header\)\r\n/);
    expect(drops[0]).toContain('no end of headers');
    expect(drops[1]).toContain('answered 400');
  });
});

describe('TcpTransport', () => {
  it('frames messages, answers CRLF keep-alive pings and reuses connections', async () => {
    const server = new TcpTransport({ host: '127.0.0.1', port: 0 });
    open.push(server);
    await server.listen();
    const socket = connect(server.local.port, '127.0.0.1');
    open.push({ close: () => socket.destroy() });
    await new Promise<void>((r) => socket.once('connect', () => r()));
    const pong = new Promise<string>((resolve) => socket.once('data', (d) => resolve(d.toString())));
    socket.write('\r\n\r\n');
    expect(await pong).toBe('\r\n');
    const received = nextMessage(server);
    const wire = OPTIONS('SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bKc');
    socket.write(wire.slice(0, 30));
    socket.write(wire.slice(30));
    const [message, source] = await received;
    expect(message.headers.get('Via')).toBe('SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bKc');
    const back = new Promise<string>((resolve) => socket.once('data', (d) => resolve(d.toString())));
    await server.send('SIP/2.0 200 OK\r\n\r\n', source);
    expect(await back).toBe('SIP/2.0 200 OK\r\n\r\n');
    expect(server.connectionCount).toBe(1);
  });

  it('opens an outgoing connection once and reuses it', async () => {
    const a = new TcpTransport({ host: '127.0.0.1', port: 0 });
    const b = new TcpTransport({ host: '127.0.0.1', port: 0 });
    open.push(a, b);
    await Promise.all([a.listen(), b.listen()]);
    const got: string[] = [];
    b.delegate = { onMessage: (m) => got.push(m.callId) };
    const to: Endpoint = { protocol: 'TCP', address: '127.0.0.1', port: b.local.port };
    await Promise.all([
      a.send(OPTIONS('SIP/2.0/TCP 127.0.0.1;branch=z9hG4bK1'), to),
      a.send(OPTIONS('SIP/2.0/TCP 127.0.0.1;branch=z9hG4bK2'), to),
    ]);
    await new Promise((r) => setTimeout(r, 50));
    expect(got).toEqual(['c1', 'c1']);
    expect(a.connectionCount).toBe(1);
    await expect(a.send('x', { protocol: 'TCP', address: '127.0.0.1', port: 1 })).rejects.toThrow(/connect/);
  });
});

describe('WebSocketTransport (RFC 7118)', () => {
  it('parses one message per frame and replies on the same socket', async () => {
    const listeners: Record<string, (data?: unknown) => void> = {};
    const sent: string[] = [];
    const socket: GenericWebSocket = {
      send: (data) => sent.push(data),
      close: () => listeners.close?.(),
      on: (event: string, listener: (data?: unknown) => void) => (listeners[event] = listener),
    };
    const transport = new WebSocketTransport('WSS');
    const received = nextMessage(transport);
    const id = transport.accept(socket, { address: '198.51.100.7', port: 40000 });
    listeners.message?.(Buffer.from(OPTIONS('SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKw;rport')));
    const [message, source] = await received;
    expect(source.connectionId).toBe(id);
    expect(message.topVia.params.get('received')).toBe('198.51.100.7');
    await transport.send('SIP/2.0 200 OK\r\n\r\n', source);
    expect(sent).toEqual(['SIP/2.0 200 OK\r\n\r\n']);
    const closed: Array<string | undefined> = [];
    transport.delegate = { onConnectionClosed: (flow) => closed.push(flow.connectionId) };
    listeners.close?.();
    listeners.close?.();
    expect(closed).toEqual([id]);
    await expect(transport.send('x', source)).rejects.toThrow(/no WebSocket connection/);
  });
});

describe('TcpTransport connection limits', () => {
  const closed = (socket: ReturnType<typeof connect>) =>
    new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

  it('closes connections past the per-address cap at once', async () => {
    const server = new TcpTransport({ host: '127.0.0.1', port: 0, maxConnectionsPerAddress: 3 });
    const drops: string[] = [];
    server.delegate = { onDropped: (reason) => drops.push(reason) };
    open.push(server);
    await server.listen();
    const sockets = Array.from({ length: 5 }, () => connect(server.local.port, '127.0.0.1'));
    open.push({ close: () => sockets.forEach((s) => s.destroy()) });
    sockets.forEach((s) => s.on('error', () => undefined));
    await Promise.all(sockets.slice(3).map(closed));
    expect(server.connectionsFrom('127.0.0.1')).toBe(3);
    expect(drops.filter((d) => d.includes('more than 3 connections'))).toHaveLength(2);
    // One closing makes room for the next.
    sockets[0]?.destroy();
    await new Promise((r) => setTimeout(r, 50));
    const next = connect(server.local.port, '127.0.0.1');
    open.push({ close: () => next.destroy() });
    await new Promise((r) => next.once('connect', r));
    await new Promise((r) => setTimeout(r, 50));
    expect(next.destroyed).toBe(false);
    expect(server.connectionsFrom('127.0.0.1')).toBe(3);
  });

  it('closes a connection that sends nothing, or half a message, within the message timeout', async () => {
    const server = new TcpTransport({ host: '127.0.0.1', port: 0, messageTimeoutMs: 300 });
    const messages: string[] = [];
    server.delegate = { onMessage: (m) => messages.push(m.isRequest ? m.method : String(m.status)) };
    open.push(server);
    await server.listen();
    const silent = connect(server.local.port, '127.0.0.1');
    const trickling = connect(server.local.port, '127.0.0.1');
    const speaking = connect(server.local.port, '127.0.0.1');
    open.push({ close: () => [silent, trickling, speaking].forEach((s) => s.destroy()) });
    await Promise.all([silent, trickling, speaking].map((s) => new Promise((r) => s.once('connect', r))));
    trickling.write(OPTIONS('SIP/2.0/TCP 127.0.0.1;branch=z9hG4bKt').slice(0, 40));
    speaking.write(OPTIONS('SIP/2.0/TCP 127.0.0.1;branch=z9hG4bKs'));
    await Promise.all([closed(silent), closed(trickling)]);
    // The one that spoke stays open, idle, past the timeout.
    await new Promise((r) => setTimeout(r, 400));
    expect(speaking.destroyed).toBe(false);
    expect(messages).toEqual(['OPTIONS']);
  });
});
