import { unreadOf, useNotifications } from './notifications-store';

function BellIcon() {
  return (
    <svg className="bell-icon" width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M12 2a6 6 0 0 0-6 6v3.6c0 .8-.3 1.6-.9 2.2L4 15v2h16v-2l-1.1-1.2a3.2 3.2 0 0 1-.9-2.2V8a6 6 0 0 0-6-6Zm0 20a3 3 0 0 0 3-3H9a3 3 0 0 0 3 3Z"
        fill="currentColor"
      />
    </svg>
  );
}

/** The sidebar's way to the notifications: a bell with how many are unread. */
export function NotificationBell(props: { current: boolean; onGo: () => void }) {
  const unread = useNotifications((s) => unreadOf(s.items));
  return (
    <a
      href="#/notifications"
      className="bell-link"
      aria-current={props.current ? 'page' : undefined}
      aria-label={unread ? `Notifications, ${unread} unread` : 'Notifications'}
      onClick={(event) => {
        event.preventDefault();
        props.onGo();
      }}
    >
      <BellIcon />
      <span className="bell-label">Notifications</span>
      {unread > 0 && (
        <span className="bell-count" data-testid="unread-count">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </a>
  );
}
