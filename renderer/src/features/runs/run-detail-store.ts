import { create } from 'zustand';

/** Which run the Runs page shows in detail; other pages open one by setting it. */
export const useRunDetail = create<{ openId: string | null; open(id: string): void; close(): void }>((set) => ({
  openId: null,
  open: (id) => set({ openId: id }),
  close: () => set({ openId: null }),
}));
