// Typed wrapper around the npm `rtpengine-client` (ng protocol over UDP, bencoded dictionaries):
// https://github.com/sipwise/rtpengine/blob/mr10.5.3.5/README.md#the-ng-control-protocol
import { createRequire } from 'node:module';

export type NgValue = string | number | NgValue[] | { [key: string]: NgValue | undefined };
export type NgParams = Record<string, NgValue | undefined>;
export interface NgReply {
  result: 'ok' | 'pong' | 'error';
  'error-reason'?: string;
  warning?: string;
  sdp?: string;
  [key: string]: unknown;
}

/** The ng verbs this engine sends, by their `rtpengine-client` method names. */
export type NgCommand =
  | 'ping'
  | 'offer'
  | 'answer'
  | 'delete'
  | 'query'
  | 'startRecording'
  | 'stopRecording'
  | 'blockMedia'
  | 'unblockMedia'
  | 'playMedia'
  | 'stopMedia'
  | 'playDTMF';

type RawClient = {
  [C in NgCommand]: (dest: { port: number; host: string }, params?: NgParams) => Promise<NgReply>;
} & { close(): void; on(event: 'error', listener: (err: unknown) => void): void };

// The package is CommonJS without type declarations: load it through require and type it here.
const { Client } = createRequire(import.meta.url)('rtpengine-client') as {
  Client: new (options: { localPort: number; localAddress: string; timeout: number }) => RawClient;
};

/** An ng reply with `result: error`, or no reply in time. */
export class NgCommandError extends Error {
  constructor(
    readonly command: NgCommand,
    readonly reason: string,
  ) {
    super(`rtpengine ${command}: ${reason}`);
    this.name = 'NgCommandError';
  }
}

export class NgClient {
  private readonly client: RawClient;

  constructor(
    private readonly ngAddress: { host: string; port: number },
    options: { timeoutMs?: number; localAddress?: string } = {},
  ) {
    this.client = new Client({
      localPort: 0,
      localAddress: options.localAddress ?? '127.0.0.1',
      timeout: options.timeoutMs ?? 2000,
    });
    // Late or stray replies are reported as 'error' events; the command's own promise already failed.
    this.client.on('error', () => {});
  }

  /** Sends one command; rejects with NgCommandError on `result: error` or timeout. */
  async send(command: NgCommand, params: NgParams = {}): Promise<NgReply> {
    let reply: NgReply;
    try {
      reply = await this.client[command](this.ngAddress, params);
    } catch (err) {
      throw new NgCommandError(command, err instanceof Error ? err.message : String(err));
    }
    if (reply.result === 'error') throw new NgCommandError(command, reply['error-reason'] ?? 'unknown error');
    return reply;
  }

  close(): void {
    this.client.close();
  }
}
