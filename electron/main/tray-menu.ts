import type { MenuItemConstructorOptions } from 'electron';
import type { Core } from '../core/core';

/** What the tray menu says, read from core each time it is rebuilt. */
export interface TrayView {
  line: string;
  running: string[];
  next: { name: string; text: string } | null;
  syncs: Array<{ id: string; name: string; running: boolean }>;
}

export interface TrayActions {
  show(): void;
  quit(): void;
  runNow(syncId: string, name: string): void;
}

export function trayView(core: Pick<Core, 'engine' | 'scheduler' | 'store'>): TrayView {
  const runningIds = new Set(core.engine.runningSyncIds());
  const syncs = core.store.syncs.list().map((s) => ({ id: s.id, name: s.name, running: runningIds.has(s.id) }));
  const next = core.scheduler.upcoming(1)[0];
  return {
    line: core.engine.status().line,
    running: syncs.filter((s) => s.running).map((s) => s.name),
    next: next ? { name: next.name, text: next.text } : null,
    syncs: syncs.sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/**
 * The tray is how Floe is reached while its window is closed: it says what runs now and next,
 * and runs a sync without opening the window.
 */
export function trayMenuTemplate(view: TrayView, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { label: view.line, enabled: false },
    ...view.running.map((name): MenuItemConstructorOptions => ({ label: `Running: ${name}`, enabled: false })),
    { label: view.next ? `Next: ${view.next.name} — ${view.next.text}` : 'Nothing scheduled', enabled: false },
    { type: 'separator' },
    {
      label: 'Run now',
      submenu: view.syncs.length
        ? view.syncs.map((s) => ({
            label: s.name,
            // A sync running here cannot start again; one running in another Floe is refused by core, and said so.
            enabled: !s.running,
            click: () => actions.runNow(s.id, s.name),
          }))
        : [{ label: 'No syncs yet', enabled: false }],
    },
    { type: 'separator' },
    { label: 'Open Floe', click: () => actions.show() },
    { label: 'Quit Floe', click: () => actions.quit() },
  ];
}
