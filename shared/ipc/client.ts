import type { InputOf, OutputOf } from './contract';
import type { EventPayload } from './events';
import { CHANNEL_NAMES, type ChannelName, type EventName } from './names';
import type { Result } from './result';

/**
 * How a client reaches core: Electron's ipcRenderer in the preload, a WebSocket in headless
 * mode. Both carry the same `{ ok, value } | { ok: false, error }` answers.
 */
export interface Transport {
  invoke(channel: ChannelName, input: unknown): Promise<Result<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

type Namespace<C> = C extends `${infer N}.${string}` ? N : never;
type Method<C, N extends string> = C extends `${N}.${infer M}` ? M : never;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- "every field optional" test
type InputArgs<C extends ChannelName> = {} extends InputOf<C>
  ? [input?: InputOf<C>]
  : [input: InputOf<C>];

/** `window.floe`: one namespace per channel prefix, e.g. `floe.connections.list()`. */
export type FloeApi = {
  [N in Namespace<ChannelName>]: {
    [C in ChannelName as Method<C, N>]: (...args: InputArgs<C>) => Promise<Result<OutputOf<C>>>;
  };
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

export function buildApi(transport: Transport): FloeApi {
  const api: Record<string, unknown> = {};
  for (const name of CHANNEL_NAMES) {
    const [namespace, method] = name.split('.') as [string, string];
    const group = (api[namespace] ??= {}) as Record<string, unknown>;
    group[method] = (input?: unknown) => transport.invoke(name, input ?? {});
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) =>
    transport.subscribe(event, listener);
  return api as FloeApi;
}
