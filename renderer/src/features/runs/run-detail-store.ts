import { create } from 'zustand';

const fromHash = (hash: string) => /^#\/runs\/([0-9a-f-]{36})$/i.exec(hash)?.[1] ?? null;

/**
 * Which run the Runs page shows in detail. It lives in the address (#/runs/<id>), so a reload or
 * a copied link opens the same run; other pages open one by setting it.
 */
export const useRunDetail = create<{ openId: string | null; open(id: string): void; close(): void }>(() => ({
  openId: fromHash(location.hash),
  open: (id) => {
    location.hash = `/runs/${id}`;
    useRunDetail.setState({ openId: id });
  },
  close: () => {
    location.hash = '/runs';
    useRunDetail.setState({ openId: null });
  },
}));

window.addEventListener('hashchange', () => useRunDetail.setState({ openId: fromHash(location.hash) }));
