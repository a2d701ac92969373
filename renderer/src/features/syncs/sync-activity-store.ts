import { create } from 'zustand';
import type { IpcError } from '../../../../shared/ipc';
import type { DryRunResult, Sync, SyncDraft } from '../../../../shared/schemas';
import { floe, toIpcError, unwrap } from '../../lib/api';

interface DryRunState {
  syncId: string;
  syncName: string;
  /** The key its sample rows are shown by ("EVENT_ID = evt_1"); empty when the sync has none. */
  primaryKey: string[];
  loading: boolean;
  result: DryRunResult | null;
  error: IpcError | null;
}

interface SyncActivityState {
  dryRun: DryRunState | null;
  run: { runId: string; syncId: string; syncName: string } | null;
  runError: IpcError | null;
  startDryRun(sync: Sync): Promise<void>;
  /** The dry run of the editor's unsaved draft (of a saved sync when syncId is given); resolves with core's refusal, if any. */
  startDraftDryRun(draft: SyncDraft, syncId: string | null): Promise<IpcError | null>;
  runNow(sync: Sync): Promise<void>;
  closeDryRun(): void;
  closeRun(): void;
}

/** What the Syncs page shows under its list: the latest dry run and the run started by hand. */
export const useSyncActivity = create<SyncActivityState>((set, get) => ({
  dryRun: null,
  run: null,
  runError: null,
  startDryRun: async (sync) => {
    set({ dryRun: { syncId: sync.id, syncName: sync.name, primaryKey: sync.primaryKey, loading: true, result: null, error: null } });
    try {
      const result = await unwrap(floe.syncs.dryRun({ id: sync.id, sampleSize: 100 }));
      if (get().dryRun?.syncId === sync.id) set({ dryRun: { syncId: sync.id, syncName: sync.name, primaryKey: sync.primaryKey, loading: false, result, error: null } });
    } catch (e) {
      if (get().dryRun?.syncId === sync.id) set({ dryRun: { syncId: sync.id, syncName: sync.name, primaryKey: sync.primaryKey, loading: false, result: null, error: toIpcError(e) } });
    }
  },
  startDraftDryRun: async (draft, syncId) => {
    // The same panel as a saved sync's dry run, keyed so an answer for an older draft is dropped.
    const key = `draft:${syncId ?? 'new'}:${Date.now()}`;
    const shown = (result: DryRunResult | null, error: IpcError | null, loading = false) =>
      set({ dryRun: { syncId: key, syncName: draft.name || 'this draft', primaryKey: draft.primaryKey, loading, result, error } });
    shown(null, null, true);
    try {
      const result = await unwrap(floe.syncs.dryRunDraft({ draft, sampleSize: 100, ...(syncId ? { syncId } : {}) }));
      if (get().dryRun?.syncId === key) shown(result, null);
      return null;
    } catch (e) {
      const error = toIpcError(e);
      if (get().dryRun?.syncId === key) shown(null, error);
      return error;
    }
  },
  runNow: async (sync) => {
    // The panel follows the new run only; the previous one stays in Runs.
    set({ runError: null, run: null });
    try {
      const run = await unwrap(floe.syncs.run({ id: sync.id }));
      set({ run: { runId: run.id, syncId: sync.id, syncName: sync.name } });
    } catch (e) {
      set({ runError: toIpcError(e) });
    }
  },
  closeDryRun: () => set({ dryRun: null }),
  closeRun: () => set({ run: null }),
}));
