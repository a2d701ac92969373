import type { WebSocket } from 'ws';
import { WireRequest, type WireMessage } from '../../../shared/ipc';
import type { EventBus } from '../event-bus';
import { dispatch, type Handlers } from '../ipc/dispatch';
import type { Logger } from '../log';

/** Serves the IPC contract on one authenticated WebSocket, exactly as Electron's ipcMain does. */
export function bridgeSocket(socket: WebSocket, handlers: Handlers, events: EventBus, log: Logger): void {
  const send = (message: WireMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const detach = events.attach((name, payload) => send({ type: 'event', name, payload }));
  socket.on('close', detach);
  // A frame the WebSocket itself refuses (over 1 MiB, text that is not UTF-8) closes the socket
  // with an 'error' event; unheard, that event stopped the whole host.
  socket.on('error', (error) => log.warn('host.socket_refused', { error: error.message }));
  socket.on('message', async (data) => {
    let request: WireRequest;
    try {
      request = WireRequest.parse(JSON.parse(data.toString()));
    } catch {
      log.warn('host.bad_frame');
      socket.close(1003, 'Frames must be JSON invoke requests.');
      return;
    }
    const result = await dispatch(handlers, request.channel, request.input, log);
    send({ type: 'result', id: request.id, result });
  });
}
