import { useEffect, useRef, useState } from 'react';
import { ConnectionsPage } from '../features/connections/connections-page';
import { DestinationsPage } from '../features/destinations/destinations-page';
import { NotificationsPage } from '../features/notifications/notifications-page';
import { followNotifications } from '../features/notifications/notifications-store';
import { RunsPage } from '../features/runs/runs-page';
import { SettingsPage } from '../features/settings/settings-page';
import { followPreferences } from '../features/settings/settings-store';
import { SyncsPage } from '../features/syncs/syncs-page';
import { floe, onConnectionLost } from '../lib/api';
import { useNav, type RouteId } from './routes';
import { Sidebar } from './sidebar';

const PAGES: Record<RouteId, () => React.JSX.Element> = {
  connections: ConnectionsPage,
  destinations: DestinationsPage,
  syncs: SyncsPage,
  runs: RunsPage,
  notifications: NotificationsPage,
  settings: SettingsPage,
};

export function App() {
  const route = useNav((s) => s.route);
  const path = useNav((s) => s.path.join('/'));
  const main = useRef<HTMLElement>(null);
  // Another page (or a sync's other tab) starts at its top, not where the last one was scrolled to.
  useEffect(() => {
    main.current?.scrollTo(0, 0);
  }, [route, path]);
  const [lost, setLost] = useState(false);
  useEffect(() => onConnectionLost(() => setLost(true)), []);
  useEffect(() => followNotifications(), []);
  useEffect(() => followPreferences(), []);
  // The desktop shell opens a page (a clicked system notification opens its run): the hash is the route.
  useEffect(
    () =>
      floe.on('app.navigate', ({ route }) => {
        location.hash = route;
      }),
    [],
  );
  const Page = PAGES[route];

  return (
    <div className="shell">
      <Sidebar />
      <main className="content" ref={main}>
        {lost && (
          <div className="notice notice-error" role="alert">
            <p className="notice-title">This page lost its connection to Floe.</p>
            <p>Check that “floe serve” is still running, then open the link it printed again.</p>
          </div>
        )}
        <Page />
      </main>
    </div>
  );
}
