import { useEffect, useState } from 'react';
import type { AppStatus } from '../../../shared/schemas';
import { NotificationBell } from '../features/notifications/notification-bell';
import { floe, runningHeadless, unwrap } from '../lib/api';
import { ROUTES, useNav } from './routes';
import './shell.css';

export function Sidebar() {
  const { route, go } = useNav();
  const [status, setStatus] = useState<AppStatus | null>(null);
  useEffect(() => {
    void unwrap(floe.app.status()).then(setStatus, () => undefined);
    return floe.on('app.status', setStatus);
  }, []);

  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Floe
      </div>
      <ul>
        {ROUTES.map((r) => (
          <li key={r.id}>
            {r.id === 'notifications' ? (
              <NotificationBell current={route === r.id} onGo={() => go(r.id)} />
            ) : (
              <a
                href={`#/${r.id}`}
                aria-current={route === r.id ? 'page' : undefined}
                onClick={(event) => {
                  event.preventDefault();
                  go(r.id);
                }}
              >
                {r.label}
              </a>
            )}
          </li>
        ))}
      </ul>
      <div className="sidebar-status" role="status">
        <span className="status-dot" aria-hidden="true" />
        {status?.line ?? 'Connecting…'}
        {runningHeadless && <div className="muted small">Headless mode</div>}
      </div>
    </nav>
  );
}
