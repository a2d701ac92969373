import { contextBridge, ipcRenderer } from 'electron';
import { buildApi, type FloeApi, type Transport } from '../../shared/ipc/client';
import { EVENT_CHANNEL } from '../../shared/ipc/names';

const transport: Transport = {
  invoke: (channel, input) => ipcRenderer.invoke(channel, input),
  subscribe: (event, listener) => {
    const onEvent = (_e: unknown, name: string, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, onEvent);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, onEvent);
  },
};

// Only these functions cross into the page; ipcRenderer itself never does.
const floe = buildApi(transport) satisfies FloeApi;
contextBridge.exposeInMainWorld('floe', floe);
