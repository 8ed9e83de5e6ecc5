import type { ErrorResponse } from './types.js';

/** An HTTP error from the CTI server, with its status so callers can tell "not there yet" (404) apart. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface ApiClientDelegate {
  /** The token was refused (expired or revoked): the console goes back to the login form. */
  onUnauthorized?(): void;
}

/** JSON over fetch to the same origin, with the agent's bearer token. */
export class ApiClient {
  constructor(
    private readonly token: string | null,
    private readonly delegate: ApiClientDelegate = {},
  ) {}

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }
  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, body);
  }
  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }
  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(path, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (err) {
      throw new ApiError((err as Error).message, 0, 'NETWORK');
    }
    const payload: unknown = await res.json().catch(() => ({}));
    if (!res.ok) {
      // Not every failure is the server's error shape (a proxy's 502 page…).
      const { message, code } = payload as Partial<ErrorResponse>;
      if (res.status === 401 && this.token) this.delegate.onUnauthorized?.();
      throw new ApiError(message ?? `HTTP ${res.status}`, res.status, code);
    }
    return payload as T;
  }
}

/**
 * True when the server has no such route (an older server): the panel says "not available"
 * instead of failing. A 404 about a missing record (no script for this call…) is not this.
 */
export const isNotAvailable = (err: unknown): boolean =>
  err instanceof ApiError &&
  (err.status === 501 || (err.status === 404 && err.message.startsWith('no route')));
