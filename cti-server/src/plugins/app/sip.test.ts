import { describe, expect, it, vi } from 'vitest';
import { onSipWebSocketError } from './sip.js';

// Found by the SIP fuzzer: every text frame that was not UTF-8, and every message past the
// 64 KiB cap, was logged at error level with a stack: any client could fill the log with errors.
describe('errors on a /sip WebSocket', () => {
  const errorWith = (code: string, message: string) => Object.assign(new Error(message), { code });

  it.each([
    [
      'invalid UTF-8 in a text frame',
      errorWith('WS_ERR_INVALID_UTF8', 'Invalid WebSocket frame: invalid UTF-8 sequence'),
    ],
    [
      'a message past maxPayload',
      errorWith('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', 'Max payload size exceeded'),
    ],
    ['a reset connection', errorWith('ECONNRESET', 'read ECONNRESET')],
  ])('%s is a warning and drops the socket', (_what, error) => {
    const log = { warn: vi.fn(), error: vi.fn() };
    const socket = { terminate: vi.fn() };
    onSipWebSocketError(error, socket, log);
    expect(log.warn).toHaveBeenCalledOnce();
    expect(log.error).not.toHaveBeenCalled();
    expect(socket.terminate).toHaveBeenCalledOnce();
  });

  it('anything else stays an error', () => {
    const log = { warn: vi.fn(), error: vi.fn() };
    const socket = { terminate: vi.fn() };
    onSipWebSocketError(new Error('handler bug'), socket, log);
    expect(log.error).toHaveBeenCalledOnce();
    expect(socket.terminate).toHaveBeenCalledOnce();
  });
});
