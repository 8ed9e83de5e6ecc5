/** Base of every error thrown by the SIP stack; `code` is stable and safe to branch on. */
export abstract class SipStackError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
