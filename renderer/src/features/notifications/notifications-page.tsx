import type { Notification } from '../../../../shared/schemas';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice } from '../../components/error-notice';
import { PageHeader } from '../../components/page-header';
import { TimeAgo } from '../../components/time-ago';
import { useNav } from '../../app/routes';
import { unreadOf, useNotifications } from './notifications-store';
import './notifications.css';

const KIND_LABEL: Record<Notification['kind'], string> = {
  failed: 'Failed',
  recovered: 'Recovered',
  rejected: 'Rows rejected',
};

function Entry(props: { notification: Notification; onRead: (id: number) => void }) {
  const n = props.notification;
  return (
    <li className={n.read ? 'notification' : 'notification notification-unread'} aria-label={n.title} data-kind={n.kind}>
      <div className="notification-head">
        <span className={`badge badge-notification-${n.kind}`}>{KIND_LABEL[n.kind]}</span>
        <span className="notification-title">{n.title}</span>
        {!n.read && <span className="visually-hidden">(unread)</span>}
        <span className="notification-time muted small">
          <TimeAgo at={n.at} />
        </span>
      </div>
      <p className="notification-body">{n.body}</p>
      <div className="notification-actions">
        {n.runId && (
          // Opening the run is reading the notification.
          <a className="button" href={`#/runs/${n.runId}`} onClick={() => !n.read && props.onRead(n.id)}>
            Open run
          </a>
        )}
        {!n.read && (
          <button type="button" className="button button-quiet" onClick={() => props.onRead(n.id)}>
            Mark read
          </button>
        )}
      </div>
    </li>
  );
}

/** What Floe told the user: failures, recoveries and runs that rejected too many rows, newest first, each linked to its run. */
export function NotificationsPage() {
  const { items, loaded, error, load, markRead } = useNotifications();
  const go = useNav((s) => s.go);
  const unread = unreadOf(items);
  return (
    <>
      <PageHeader
        title="Notifications"
        subtitle="When a sync fails, recovers, or a run rejects more rows than you allow."
        actions={
          <button type="button" className="button" disabled={unread === 0} onClick={() => void markRead()}>
            Mark all read
          </button>
        }
      />
      {error && <ErrorNotice error={error} onRetry={load} />}
      {loaded && items.length === 0 && (
        <EmptyState title="No notifications yet">
          <p>
            Floe tells you here when a sync’s run fails, when a failing sync recovers, and when a run rejects more rows than
            your threshold; the desktop app also shows a system notification.
          </p>
          <p>
            Choose which of these notify in{' '}
            <button type="button" className="button-link" onClick={() => go('settings')}>
              Settings
            </button>
            .
          </p>
        </EmptyState>
      )}
      {items.length > 0 && (
        <>
          <p className="muted notification-summary" role="status">
            {unread === 0 ? 'All read.' : unread === 1 ? '1 unread.' : `${unread} unread.`}{' '}
            <button type="button" className="button-link" onClick={() => go('settings')}>
              Choose what notifies
            </button>
          </p>
          <ul className="notification-list" aria-label="Notifications">
            {items.map((n) => (
              <Entry key={n.id} notification={n} onRead={(id) => void markRead([id])} />
            ))}
          </ul>
        </>
      )}
    </>
  );
}
