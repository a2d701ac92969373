import { randomBytes } from 'node:crypto';
import type { LockedConnection } from './engine';
import type { Session } from './types';

export type TokenLookup = { session: Session } | { error: '390112' | '390104' };

export class SessionStore {
  private nextId = 1_172_562_260_498;
  private readonly byToken = new Map<string, Session>();
  private readonly byMaster = new Map<string, Session>();
  private readonly epochs = new WeakMap<Session, number>();

  constructor(
    private tokenValidityMs: number,
    private readonly masterValidityMs: number,
    private readonly currentEpoch: () => number,
  ) {}

  setTokenValiditySeconds(seconds: number): void {
    this.tokenValidityMs = seconds * 1000;
  }

  get tokenValiditySeconds(): number {
    return Math.round(this.tokenValidityMs / 1000);
  }

  create(user: string, conn: LockedConnection, init: Pick<Session, 'role' | 'warehouse' | 'database' | 'schema' | 'params'>): Session {
    const now = Date.now();
    const s: Session = {
      id: this.nextId++,
      token: `ver:1-hint:1-ETMsDgAAA${randomBytes(24).toString('base64url')}`,
      masterToken: `ver:1-hint:1-ETMsDgAAAM${randomBytes(24).toString('base64url')}`,
      tokenExpiresAt: now + this.tokenValidityMs,
      masterExpiresAt: now + this.masterValidityMs,
      user,
      conn,
      closed: false,
      ...init,
    };
    this.byToken.set(s.token, s);
    this.byMaster.set(s.masterToken, s);
    this.epochs.set(s, this.currentEpoch());
    return s;
  }

  lookup(token: string | null): TokenLookup {
    const s = token ? this.byToken.get(token) : undefined;
    if (!s || s.closed) return { error: '390104' };
    if (Date.now() >= s.tokenExpiresAt || (this.epochs.get(s) ?? 0) < this.currentEpoch()) return { error: '390112' };
    return { session: s };
  }

  renew(masterToken: string | null, oldToken: string | null): Session | null {
    const s = masterToken ? this.byMaster.get(masterToken) : undefined;
    if (!s || s.closed || Date.now() >= s.masterExpiresAt) return null;
    if (oldToken && oldToken !== s.token) {
      // A concurrent renewal already rotated the token; hand back the current one.
    } else {
      this.byToken.delete(s.token);
      s.token = `ver:1-hint:1-ETMsDgAAA${randomBytes(24).toString('base64url')}`;
      this.byToken.set(s.token, s);
    }
    s.tokenExpiresAt = Date.now() + this.tokenValidityMs;
    this.epochs.set(s, this.currentEpoch());
    return s;
  }

  close(s: Session): void {
    s.closed = true;
    this.byToken.delete(s.token);
    this.byMaster.delete(s.masterToken);
    try {
      s.conn.conn.closeSync();
    } catch {
      /* already closed */
    }
  }

  all(): Session[] {
    return [...new Set(this.byToken.values())];
  }
}
