import { INVALID_IDS } from './check-events';
import type { Answer } from './server-shell';
import type { EpsLimits, EventsPath, IdSets, JsonObject } from './types';

// Amplitude's 429s (destinations.md §1.4–1.5): ids a test throttles for a while, ids over their
// daily quota (Batch only), and, when the fake is started with `eps`, automatic per-id limits
// averaged over a trailing window. A 429 stores nothing: the client must send the events of
// the ids not named again itself.

export const THROTTLED_ERROR = 'Too many requests for some devices and users';
/** Documented limits, reported as eps_threshold when the fake has no `eps` of its own. */
export const DOCUMENTED_EPS: Record<EventsPath, number> = { '/2/httpapi': 30, '/batch': 1000 };
/** §1.4: a device or user is capped at 500,000 events a day once flagged. */
export const DAILY_QUOTA = 500_000;

interface TimedIds {
  users: Set<string>;
  devices: Set<string>;
  until: number;
}

export interface ThrottleSnapshot {
  throttles: { users: string[]; devices: string[]; until: number }[];
  dailyQuota: { users: string[]; devices: string[] } | null;
}

type Counts = Map<string, number>;

/** An id the API would count (placeholders such as "null" are not ids). */
const idOf = (v: unknown): string | null => (typeof v === 'string' && !INVALID_IDS.has(v.toLowerCase()) ? v : null);

function bump(map: Counts, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Events per user_id and per device_id in a request. */
function countIds(events: JsonObject[]): { users: Counts; devices: Counts } {
  const users: Counts = new Map();
  const devices: Counts = new Map();
  for (const e of events) {
    const u = idOf(e.user_id);
    const d = idOf(e.device_id);
    if (u !== null) bump(users, u);
    if (d !== null) bump(devices, d);
  }
  return { users, devices };
}

export class Throttles {
  private timed: TimedIds[] = [];
  private quota: { users: Set<string>; devices: Set<string> } | null = null;
  // 'u:<id>' / 'd:<id>' → times of events accepted within the eps window (only kept with `eps`).
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly eps: EpsLimits | null,
    private readonly now: () => number,
  ) {}

  throttle(ids: IdSets, forMs: number): void {
    this.timed.push({ users: new Set(ids.users ?? []), devices: new Set(ids.devices ?? []), until: this.now() + forMs });
  }

  dailyQuota(ids: IdSets | null): void {
    this.quota = ids ? { users: new Set(ids.users ?? []), devices: new Set(ids.devices ?? []) } : null;
  }

  /** The 429 for this request, or null. `switched` is true when a test's switch (not `eps`) caused it. */
  check(events: JsonObject[], path: EventsPath): { answer: Answer; switched: boolean } | null {
    const now = this.now();
    this.timed = this.timed.filter((t) => t.until > now);
    // Nothing armed: no request is throttled, so skip counting ids (a million events a bench).
    if (!this.eps && !this.timed.length && !(path === '/batch' && this.quota)) return null;
    const threshold = this.eps ? (path === '/batch' ? this.eps.batch : this.eps.httpapi) : DOCUMENTED_EPS[path];
    const counts = countIds(events);
    const pick = (match: (u: string | null, d: string | null) => boolean) =>
      events.flatMap((e, i) => (match(idOf(e.user_id), idOf(e.device_id)) ? [i] : []));

    if (path === '/batch' && this.quota) {
      const q = this.quota;
      const users = [...counts.users].filter(([id]) => q.users.has(id));
      const devices = [...counts.devices].filter(([id]) => q.devices.has(id));
      if (users.length || devices.length) {
        const body = {
          code: 429,
          error: THROTTLED_ERROR,
          eps_threshold: threshold,
          exceeded_daily_quota_users: Object.fromEntries(users.map(([id, n]) => [id, DAILY_QUOTA + n])),
          exceeded_daily_quota_devices: Object.fromEntries(devices.map(([id, n]) => [id, DAILY_QUOTA + n])),
          throttled_events: pick((u, d) => (u !== null && q.users.has(u)) || (d !== null && q.devices.has(d))),
        };
        return { answer: { status: 429, json: body }, switched: true };
      }
    }

    if (this.timed.length) {
      const users = new Set(this.timed.flatMap((t) => [...t.users]));
      const devices = new Set(this.timed.flatMap((t) => [...t.devices]));
      // A switched throttle reports each id's events in this request as its rate.
      const hitUsers = [...counts.users].filter(([id]) => users.has(id));
      const hitDevices = [...counts.devices].filter(([id]) => devices.has(id));
      if (hitUsers.length || hitDevices.length) {
        const body = this.throttledBody(threshold, hitUsers, hitDevices, pick((u, d) => (u !== null && users.has(u)) || (d !== null && devices.has(d))));
        return { answer: { status: 429, json: body }, switched: true };
      }
    }

    if (this.eps) {
      const { windowSeconds } = this.eps;
      const budget = threshold * windowSeconds;
      const over = (prefix: string, map: Counts): [string, number][] =>
        [...map].flatMap(([id, n]): [string, number][] => {
          const total = this.inWindow(`${prefix}${id}`, now) + n;
          return total > budget ? [[id, Math.round((total / windowSeconds) * 100) / 100]] : [];
        });
      const hitUsers = over('u:', counts.users);
      const hitDevices = over('d:', counts.devices);
      if (hitUsers.length || hitDevices.length) {
        const u = new Set(hitUsers.map(([id]) => id));
        const d = new Set(hitDevices.map(([id]) => id));
        const body = this.throttledBody(threshold, hitUsers, hitDevices, pick((x, y) => (x !== null && u.has(x)) || (y !== null && d.has(y))));
        return { answer: { status: 429, json: body }, switched: false };
      }
    }
    return null;
  }

  /** Remembers the events of an accepted request for the eps window. */
  record(events: JsonObject[]): void {
    if (!this.eps) return;
    const now = this.now();
    for (const e of events) {
      const u = idOf(e.user_id);
      const d = idOf(e.device_id);
      if (u !== null) this.push(`u:${u}`, now);
      if (d !== null) this.push(`d:${d}`, now);
    }
  }

  snapshot(): ThrottleSnapshot {
    const now = this.now();
    return {
      throttles: this.timed.filter((t) => t.until > now).map((t) => ({ users: [...t.users], devices: [...t.devices], until: t.until })),
      dailyQuota: this.quota ? { users: [...this.quota.users], devices: [...this.quota.devices] } : null,
    };
  }

  /** Disarms the switches (the eps history stays: it is the API's memory, not a fault). */
  clear(): void {
    this.timed = [];
    this.quota = null;
  }

  reset(): void {
    this.clear();
    this.recent.clear();
  }

  private throttledBody(threshold: number, users: [string, number][], devices: [string, number][], indexes: number[]) {
    return {
      code: 429,
      error: THROTTLED_ERROR,
      eps_threshold: threshold,
      throttled_users: Object.fromEntries(users),
      throttled_devices: Object.fromEntries(devices),
      throttled_events: indexes,
    };
  }

  private push(key: string, now: number): void {
    const list = this.recent.get(key);
    if (list) list.push(now);
    else this.recent.set(key, [now]);
  }

  /** Events of `key` accepted within the window; drops older ones. */
  private inWindow(key: string, now: number): number {
    const list = this.recent.get(key);
    if (!list || !this.eps) return 0;
    const from = now - this.eps.windowSeconds * 1000;
    let drop = 0;
    while (drop < list.length && list[drop]! <= from) drop++;
    if (drop) list.splice(0, drop);
    if (list.length === 0) this.recent.delete(key);
    return list.length;
  }
}
