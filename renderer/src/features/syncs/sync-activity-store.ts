import { create } from 'zustand';
import type { IpcError } from '../../../../shared/ipc';
import type { DryRunResult, Sync } from '../../../../shared/schemas';
import { floe, toIpcError, unwrap } from '../../lib/api';

interface DryRunState {
  syncId: string;
  syncName: string;
  loading: boolean;
  result: DryRunResult | null;
  error: IpcError | null;
}

interface SyncActivityState {
  dryRun: DryRunState | null;
  run: { runId: string; syncName: string } | null;
  runError: IpcError | null;
  startDryRun(sync: Sync): Promise<void>;
  runNow(sync: Sync): Promise<void>;
  /** Follow a run already going (started by its schedule, the command line or another window). */
  watch(sync: Sync, runId: string): void;
  closeDryRun(): void;
  closeRun(): void;
}

/** What the Syncs page shows under its list: the latest dry run and the run started by hand. */
export const useSyncActivity = create<SyncActivityState>((set, get) => ({
  dryRun: null,
  run: null,
  runError: null,
  startDryRun: async (sync) => {
    set({ dryRun: { syncId: sync.id, syncName: sync.name, loading: true, result: null, error: null } });
    try {
      const result = await unwrap(floe.syncs.dryRun({ id: sync.id, sampleSize: 100 }));
      if (get().dryRun?.syncId === sync.id) set({ dryRun: { syncId: sync.id, syncName: sync.name, loading: false, result, error: null } });
    } catch (e) {
      if (get().dryRun?.syncId === sync.id) set({ dryRun: { syncId: sync.id, syncName: sync.name, loading: false, result: null, error: toIpcError(e) } });
    }
  },
  runNow: async (sync) => {
    // The panel follows the new run only; the previous one stays in Runs.
    set({ runError: null, run: null });
    try {
      const run = await unwrap(floe.syncs.run({ id: sync.id }));
      set({ run: { runId: run.id, syncName: sync.name } });
    } catch (e) {
      set({ runError: toIpcError(e) });
    }
  },
  watch: (sync, runId) => set({ runError: null, run: { runId, syncName: sync.name } }),
  closeDryRun: () => set({ dryRun: null }),
  closeRun: () => set({ run: null }),
}));
