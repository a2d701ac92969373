import type { IpcMain, WebContents, WebFrameMain } from 'electron';
import { channelNames, EVENT_CHANNEL, type EventName } from '../../shared/ipc';
import type { EventBus } from '../core/event-bus';
import { dispatch, type Handlers } from '../core/ipc/dispatch';
import type { Logger } from '../core/log';
import { isAppUrl, type AppEntry } from './app-entry';

/** Only Floe's own top-level page may call core; a frame or page from anywhere else is refused. */
export function isTrustedSender(frame: WebFrameMain | null, entry: AppEntry): boolean {
  return frame !== null && frame.parent === null && isAppUrl(frame.url, entry);
}

/** Registers one ipcMain handler per contract channel, all through the same checked dispatch. */
export function registerIpc(ipcMain: IpcMain, handlers: Handlers, entry: AppEntry, log: Logger): () => void {
  for (const channel of channelNames) {
    ipcMain.handle(channel, async (event, input: unknown) => {
      if (!isTrustedSender(event.senderFrame, entry)) {
        log.warn('ipc.untrusted_sender', { channel });
        return {
          ok: false,
          error: {
            code: 'untrusted_sender',
            message: 'This request did not come from Floe’s own window.',
            remedy: 'Use Floe’s window; other pages cannot talk to Floe.',
          },
        };
      }
      return dispatch(handlers, channel, input, log);
    });
  }
  return () => channelNames.forEach((channel) => ipcMain.removeHandler(channel));
}

/** Push events go to the window's page only, as `floe:event (name, payload)`. */
export function forwardEvents(events: EventBus, contents: WebContents): () => void {
  return events.attach((name: EventName, payload: unknown) => {
    if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, name, payload);
  });
}
