import type { components } from "@/generated/api";

export type User = components["schemas"]["UserRead"];
export type TokenPair = components["schemas"]["TokenPair"];

/**
 * Where the session's tokens live.
 *
 * - The access token (15 minutes) is kept in memory only: it is never written anywhere a script
 *   of another page load could read it later, and it is simply gone on reload.
 * - The refresh token is kept in localStorage so that a reload or a new tab stays signed in
 *   without asking for the password again. It is rotated on every use and the server revokes the
 *   whole session family when a spent token is presented twice, so a copied refresh token is
 *   detected the next time either copy is used. An httpOnly cookie would hide it from scripts
 *   entirely but needs cookie-based refresh endpoints (and CSRF protection) on the server; the
 *   API is bearer-token based today, so this is the documented trade-off.
 */
export const REFRESH_TOKEN_KEY = "tollgate.refresh_token";

export interface TokenStorage {
  get(): string | null;
  set(value: string | null): void;
}

export function browserTokenStorage(key = REFRESH_TOKEN_KEY): TokenStorage {
  return {
    get: () => {
      try {
        return window.localStorage.getItem(key);
      } catch {
        return null;
      }
    },
    set: (value) => {
      try {
        if (value === null) window.localStorage.removeItem(key);
        else window.localStorage.setItem(key, value);
      } catch {
        // Storage can be disabled (private mode): the session then lasts until reload.
      }
    },
  };
}

export function memoryTokenStorage(initial: string | null = null): TokenStorage {
  let value = initial;
  return { get: () => value, set: (next) => (value = next) };
}

export interface SessionSnapshot {
  user: User | null;
}

/** Why the last session ended: the user signed out, or it expired/was revoked elsewhere. */
export type SessionEnd = "signed-out" | "expired";

/** The signed-in user and the tokens, with a subscription for React (useSyncExternalStore). */
export class AuthStore {
  private accessToken: string | null = null;
  private snapshot: SessionSnapshot = { user: null };
  private readonly listeners = new Set<() => void>();

  constructor(private readonly storage: TokenStorage) {}

  getAccessToken(): string | null {
    return this.accessToken;
  }

  /** Read from storage every time: another tab may have rotated it. */
  getRefreshToken(): string | null {
    return this.storage.get();
  }

  getUser(): User | null {
    return this.snapshot.user;
  }

  getSnapshot = (): SessionSnapshot => this.snapshot;

  signIn(pair: TokenPair): void {
    this.accessToken = pair.access_token;
    this.lastEnd = "expired";
    this.storage.set(pair.refresh_token);
    this.setUser(pair.user);
  }

  setUser(user: User | null): void {
    this.snapshot = { user };
    this.emit();
  }

  /** How the last session ended (read by whoever sends the user back to the sign-in page). */
  lastEnd: SessionEnd = "expired";

  clear(reason: SessionEnd = "expired"): void {
    this.accessToken = null;
    this.storage.set(null);
    this.lastEnd = reason;
    if (this.snapshot.user !== null) this.setUser(null);
  }

  /** Forget the in-memory session without touching storage (another tab signed out). */
  forget(): void {
    this.accessToken = null;
    this.lastEnd = "expired";
    if (this.snapshot.user !== null) this.setUser(null);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
