import WebSocket from 'ws';

/** The host's answer to one frame, or why none came. */
export type Answer = { result: unknown } | { closed: number };

/**
 * A raw client of the headless host's WebSocket for fuzzing: sends frames exactly as given
 * (HostClient would build them itself), keeps many in flight on one socket, and ends every
 * pending call with the close code if the host drops the socket instead of answering.
 */
export class FuzzSocket {
  private nextId = 1;
  private readonly pending = new Map<number, (answer: Answer) => void>();
  readonly closedWith: Promise<number>;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; id?: number; result?: unknown };
      if (message.type !== 'result' || message.id === undefined) return;
      this.pending.get(message.id)?.({ result: message.result });
      this.pending.delete(message.id);
    });
    this.closedWith = new Promise((resolve) =>
      socket.once('close', (code) => {
        for (const settle of this.pending.values()) settle({ closed: code });
        this.pending.clear();
        resolve(code);
      }),
    );
  }

  /** `url` is the link the host printed, with its token. */
  static connect(url: string): Promise<FuzzSocket> {
    const link = new URL(url);
    const socket = new WebSocket(`ws://${link.host}/ipc?token=${link.searchParams.get('token') ?? ''}`, { maxPayload: 64 * 1024 * 1024 });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new FuzzSocket(socket)));
      socket.once('error', reject);
    });
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Invokes `channel` with `input` as JSON (undefined input leaves the field out). */
  invoke(channel: string, input: unknown): Promise<Answer> {
    return this.invokeJson(channel, JSON.stringify(input));
  }

  /** Invokes `channel` with input already written as JSON (a fuzzer measures it first). */
  invokeJson(channel: string, inputJson: string | undefined): Promise<Answer> {
    const id = this.nextId++;
    const input = inputJson === undefined ? '' : `,"input":${inputJson}`;
    return this.raw(`{"type":"invoke","id":${id},"channel":${JSON.stringify(channel)}${input}}`, id);
  }

  /**
   * Sends one frame as it is; `id` is the answer to wait for (none: wait for the socket to
   * close). `text` sends bytes as a text frame, UTF-8 or not.
   */
  raw(frame: string | Buffer, id = -1, text = false): Promise<Answer> {
    return new Promise((resolve) => {
      if (!this.open) return resolve({ closed: 1006 });
      this.pending.set(id, resolve);
      this.socket.send(frame, text ? { binary: false } : {});
    });
  }

  close(): void {
    this.socket.close();
  }
}
