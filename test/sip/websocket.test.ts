import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { io } from 'socket.io-client';
import { startCtiStack, type CtiStack } from '../support/cti-stack.js';

/** SIP over WebSocket at /sip (RFC 7118), next to socket.io on the same HTTP server. */
describe('SIP over WebSocket', () => {
  let stack: CtiStack;

  beforeAll(async () => {
    stack = await startCtiStack('sqlite');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('negotiates the sip subprotocol and answers OPTIONS over the socket', async () => {
    const ws = new WebSocket(`${stack.httpUrl.replace('http', 'ws')}/sip`, 'sip');
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    expect(ws.protocol).toBe('sip');
    const answer = new Promise<string>((resolve) => ws.once('message', (data) => resolve(String(data))));
    ws.send(
      [
        'OPTIONS sip:kefu@127.0.0.1 SIP/2.0',
        'Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bK-ws-1',
        'Max-Forwards: 70',
        'From: <sip:1001@kefu>;tag=ws1',
        'To: <sip:kefu@127.0.0.1>',
        'Call-ID: ws-options-1',
        'CSeq: 1 OPTIONS',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
    const response = await answer;
    expect(response).toMatch(/^SIP\/2\.0 200 /);
    expect(response).toMatch(/Call-ID: ws-options-1/i);
    ws.close();
  });

  it('leaves socket.io websocket upgrades to socket.io', async () => {
    const token = (await stack.headers('1001')).authorization.slice('Bearer '.length);
    const socket = io(stack.httpUrl, { auth: { token }, transports: ['websocket'] });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    expect(socket.connected).toBe(true);
    socket.close();
  });
});
