import type { Result, Transport, WireMessage } from '../../../shared/ipc';
import { WS_PATH, type ChannelName, type EventName } from '../../../shared/ipc/names';

type Pending = (result: Result<unknown>) => void;

const disconnected: Result<never> = {
  ok: false,
  error: {
    code: 'disconnected',
    message: 'This page lost its connection to Floe.',
    remedy: 'Check that "floe serve" is still running, then open the link it printed again.',
  },
};

/**
 * The headless host's side of the contract: one WebSocket to the page's own origin. The host
 * authenticated this page when it traded the link's token for an HttpOnly cookie, which the
 * browser sends with the upgrade; the page never sees the token.
 */
export function createSocketTransport(onLost: () => void): Transport {
  const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}`);
  const opened = new Promise<boolean>((resolve) => {
    socket.addEventListener('open', () => resolve(true), { once: true });
    socket.addEventListener('close', () => resolve(false), { once: true });
  });
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;

  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as WireMessage;
    if (message.type === 'result') {
      pending.get(message.id)?.(message.result as Result<unknown>);
      pending.delete(message.id);
    } else {
      listeners.get(message.name)?.forEach((listener) => listener(message.payload));
    }
  });
  socket.addEventListener('close', () => {
    pending.forEach((resolve) => resolve(disconnected));
    pending.clear();
    onLost();
  });

  return {
    async invoke(channel: ChannelName, input: unknown) {
      if (!(await opened) || socket.readyState !== WebSocket.OPEN) return disconnected;
      const id = nextId++;
      return new Promise<Result<unknown>>((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ type: 'invoke', id, channel, input }));
      });
    },
    subscribe(event: EventName, listener: (payload: unknown) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
}
