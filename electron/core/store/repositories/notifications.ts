import type { Database } from 'better-sqlite3';
import { Notification } from '../../../../shared/schemas';

export interface SyncHealthFlags {
  failing: boolean;
  rejecting: boolean;
}

interface Row {
  id: number;
  at: string;
  kind: string;
  sync_id: string | null;
  run_id: string | null;
  title: string;
  body: string;
  read: number;
}

const fromRow = (r: Row): Notification =>
  Notification.parse({ id: r.id, at: r.at, kind: r.kind, syncId: r.sync_id, runId: r.run_id, title: r.title, body: r.body, read: r.read === 1 });

/** The one writer of `notifications` and `sync_health` (the state each sync last notified about). */
export class NotificationsRepository {
  constructor(private readonly db: Database) {}

  add(n: Omit<Notification, 'id' | 'read'>): Notification {
    const id = this.db
      .prepare('INSERT INTO notifications (at, kind, sync_id, run_id, title, body) VALUES (?, ?, ?, ?, ?, ?)')
      .run(n.at, n.kind, n.syncId, n.runId, n.title, n.body).lastInsertRowid;
    return fromRow(this.db.prepare('SELECT * FROM notifications WHERE id = ?').get(id) as Row);
  }

  list(limit = 100): Notification[] {
    return (this.db.prepare('SELECT * FROM notifications ORDER BY at DESC, id DESC LIMIT ?').all(limit) as Row[]).map(fromRow);
  }

  markRead(ids?: number[]): number {
    if (!ids) return this.db.prepare('UPDATE notifications SET read = 1 WHERE read = 0').run().changes;
    const mark = this.db.prepare('UPDATE notifications SET read = 1 WHERE id = ? AND read = 0');
    return this.db.transaction(() => ids.reduce((n, id) => n + mark.run(id).changes, 0))();
  }

  health(syncId: string): SyncHealthFlags {
    const row = this.db.prepare('SELECT failing, rejecting FROM sync_health WHERE sync_id = ?').get(syncId) as { failing: number; rejecting: number } | undefined;
    return { failing: row?.failing === 1, rejecting: row?.rejecting === 1 };
  }

  setHealth(syncId: string, flags: SyncHealthFlags): void {
    this.db
      .prepare(
        `INSERT INTO sync_health (sync_id, failing, rejecting) VALUES (?, ?, ?)
         ON CONFLICT(sync_id) DO UPDATE SET failing = excluded.failing, rejecting = excluded.rejecting`,
      )
      .run(syncId, flags.failing ? 1 : 0, flags.rejecting ? 1 : 0);
  }
}
