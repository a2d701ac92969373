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

/** `#/runs` or `#/runs/<id>`: the first segment names the page, the rest (`path`) what it shows. */
function fromHash(hash: string): { route: RouteId; path: string[] } {
  const [id, ...path] = hash.replace(/^#\/?/, '').split('/');
  const route = ROUTES.find((r) => r.id === id)?.id;
  return route ? { route, path: path.filter(Boolean) } : { route: 'connections', path: [] };
}

interface NavState {
  route: RouteId;
  /** The address below the page: `['<id>', 'runs']` for `#/syncs/<id>/runs`. */
  path: string[];
  go(route: RouteId, ...path: string[]): void;
}

/** The page shown follows the address's hash, so a reload keeps the page. */
export const useNav = create<NavState>((set) => ({
  ...fromHash(location.hash),
  go: (route, ...path) => {
    location.hash = `/${[route, ...path].join('/')}`;
    set({ route, path });
  },
}));

/** An address to link to, as `go` would set it: `href(...)` keeps links real links (open in a new tab, copy). */
export const href = (route: RouteId, ...path: string[]) => `#/${[route, ...path].join('/')}`;

window.addEventListener('hashchange', () => useNav.setState(fromHash(location.hash)));
