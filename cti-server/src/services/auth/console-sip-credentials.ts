import { createHmac } from 'node:crypto';

const DAY_MS = 86_400_000;

export interface ConsoleSipCredential {
  username: string;
  password: string;
  /** The end of the day after the one it was issued on (UTC). */
  expiresAt: Date;
}

/**
 * SIP digest passwords for the console's own phone, so the browser never keeps the agent's web
 * password: derived from the server secret, the extension and the UTC day, valid on that day and
 * the next (a shift across midnight, an API token's 12 h). Desk phones keep using the agent's SIP
 * password; the registrar accepts either.
 */
export class ConsoleSipCredentials {
  private readonly key: Buffer;

  constructor(
    secret: Buffer,
    private readonly now: () => number = Date.now,
  ) {
    // A key of its own: a console SIP password says nothing about API token signatures.
    this.key = createHmac('sha256', secret).update('kefu console sip passwords').digest();
  }

  issue(extension: string): ConsoleSipCredential {
    const day = this.day();
    return {
      username: extension,
      password: this.password(extension, day),
      expiresAt: new Date((day + 2) * DAY_MS),
    };
  }

  /** The passwords a console of this extension may be registering with right now. */
  current(extension: string): string[] {
    const day = this.day();
    return [this.password(extension, day), this.password(extension, day - 1)];
  }

  private day(): number {
    return Math.floor(this.now() / DAY_MS);
  }

  private password(extension: string, day: number): string {
    return createHmac('sha256', this.key).update(`${extension}:${day}`).digest('base64url').slice(0, 24);
  }
}
