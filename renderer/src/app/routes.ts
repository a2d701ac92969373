import { create } from 'zustand';

export const ROUTES = [
  { id: 'connections', label: 'Connections' },
  { id: 'destinations', label: 'Destinations' },
  { id: 'syncs', label: 'Syncs' },
  { id: 'runs', label: 'Runs' },
  { id: 'notifications', label: 'Notifications' },
  { id: 'settings', label: 'Settings' },
] as const;

export type RouteId = (typeof ROUTES)[number]['id'];

/** `#/runs` or `#/runs/<id>`: the first segment names the page. */
function fromHash(hash: string): RouteId {
  const id = hash.replace(/^#\/?/, '').split('/')[0];
  return ROUTES.find((route) => route.id === id)?.id ?? 'connections';
}

interface NavState {
  route: RouteId;
  go(route: RouteId): void;
}

/** The page shown follows the address's hash, so a reload keeps the page. */
export const useNav = create<NavState>((set) => ({
  route: fromHash(location.hash),
  go: (route) => {
    location.hash = `/${route}`;
    set({ route });
  },
}));

window.addEventListener('hashchange', () => useNav.setState({ route: fromHash(location.hash) }));
