import WebSocket from 'ws';
import type { Result } from '../../shared/ipc';

/** Talks to a headless host over its WebSocket, as the renderer does, for tests and tools. */
export class HostClient {
  readonly events: Array<{ name: string; payload: unknown }> = [];
  private nextId = 1;
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message.type === 'result') this.pending.get(message.id)?.(message.result);
      else this.events.push({ name: message.name, payload: message.payload });
    });
  }

  /** `url` is the link the host printed; its token authenticates the socket. */
  static connect(url: string, headers: Record<string, string> = {}): Promise<HostClient> {
    const link = new URL(url);
    const wsUrl = `ws://${link.host}/ipc?token=${link.searchParams.get('token') ?? ''}`;
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(wsUrl, { headers });
      socket.once('open', () => resolve(new HostClient(socket)));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`refused with HTTP ${res.statusCode}`)));
      socket.once('error', reject);
    });
  }

  invoke<T = unknown>(channel: string, input: unknown = {}): Promise<Result<T>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve as (result: Result<unknown>) => void);
      this.socket.send(JSON.stringify({ type: 'invoke', id, channel, input }));
    });
  }

  async value<T = unknown>(channel: string, input: unknown = {}): Promise<T> {
    const result = await this.invoke<T>(channel, input);
    if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}: ${result.error.message}`);
    return result.value;
  }

  closed(): Promise<number> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve(1006);
    return new Promise((resolve) => this.socket.once('close', (code) => resolve(code)));
  }

  close(): void {
    this.socket.close();
  }
}
